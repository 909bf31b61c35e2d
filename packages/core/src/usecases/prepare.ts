import { RelmError } from "../errors.ts";
import { changelogHasVersion, updateChangelog } from "../notes/update-changelog.ts";
import type { Config } from "../policy/config-schema.ts";
import type { ExtraFile } from "../policy/extra-files-schema.ts";
import type { WorkTree } from "../ports/work-tree.ts";
import { extraFileEdit } from "../prepare/extra-file-edit.ts";
import { manifestEdit, parsedManifest } from "../prepare/manifest-edit.ts";
import { normalisePath, packageOwning } from "../version/packages.ts";
import type { PackagePlan, ReleasePlan } from "../version/release-plan.ts";

export type PreparedFileKind = "manifest" | "changelog" | "extra";

export interface PreparedFile {
  /** Relative to the repository root, forward slashes. */
  path: string;
  kind: PreparedFileKind;
  /** Whether `text` differs from what the file holds now (false: already prepared). */
  changed: boolean;
  /** The file did not exist (a first CHANGELOG.md). */
  created: boolean;
  /** What was written, one phrase each; empty when the file already had it all. */
  changes: string[];
  /** A changelog's sections added, for a dry run to show. */
  added?: string[];
  /** The file's text after the release is written into it. */
  text: string;
}

export interface PrepareRequest {
  plan: ReleasePlan;
  config: Pick<Config, "extraFiles">;
  /** The configuration file, for errors that name an entry of it. */
  configFile?: string;
  /** Line of a key path in the configuration file, when the loader knows it. */
  lineOf?: (path: ReadonlyArray<string | number>) => number | undefined;
}

export interface PreparedRelease {
  released: boolean;
  reason?: string;
  /** The released packages and their versions. */
  versions: Array<{ name: string; version: string; tag: string }>;
  files: PreparedFile[];
  /** Things left alone, and why. */
  notes: string[];
  /** The release commit's message, when something is released. */
  commitMessage?: string;
}

export interface PreparePorts {
  workTree: WorkTree;
}

interface Pending {
  path: string;
  kind: PreparedFileKind;
  before: string | undefined;
  text: string;
  changes: string[];
  added: string[];
}

const manifestPath = (dir: string): string => (dir === "." ? "package.json" : `${dir}/package.json`);

function commitMessage(plan: ReleasePlan, released: readonly PackagePlan[]): string {
  const versions = plan.mode === "independent" ? released.map((p) => `${p.name}@${p.next?.version ?? ""}`) : [released[0]?.next?.version ?? ""];
  return `chore(release): ${versions.join(", ")}`;
}

/**
 * What `relm prepare` writes: each released package's version into its package.json, the ranges
 * of workspace packages on released ones, its notes into its own changelog, and the version into
 * the configured extra files. Text in, text out: the driver reads and writes the files. Running it
 * over its own output changes nothing (versions already there, changelog sections found by heading).
 */
export async function prepareRelease(ports: PreparePorts, request: PrepareRequest): Promise<PreparedRelease> {
  const { plan } = request;
  const released = plan.packages.filter((p) => p.released && p.next !== undefined);
  if (!plan.released || released.length === 0) return { released: false, reason: plan.reason ?? "no release needed", versions: [], files: [], notes: [] };
  const pending = new Map<string, Pending>();
  const notes: string[] = [];
  const load = async (path: string, kind: PreparedFileKind): Promise<Pending | undefined> => {
    const known = pending.get(path);
    if (known) return known;
    const before = await ports.workTree.read(path);
    if (before === undefined && kind !== "changelog") return undefined;
    const file: Pending = { path, kind, before, text: before ?? "", changes: [], added: [] };
    pending.set(path, file);
    return file;
  };

  const manifests = new Map<PackagePlan, Pending>();
  for (const p of plan.packages) {
    const file = await load(manifestPath(p.path), "manifest");
    if (file !== undefined) manifests.set(p, file);
    else if (p.released) notes.push(`${manifestPath(p.path)} not found: no manifest to write ${p.next?.version ?? ""} into`);
  }
  // Dependents name a package by its npm name, which a configured package's label need not be.
  // Ranges move only between workspace packages; a single package's manifest names none of its own.
  const releasedVersions = new Map<string, string>();
  for (const p of plan.mode === "single" ? [] : released) {
    const file = manifests.get(p);
    const npmName = file === undefined ? undefined : parsedManifest(file.text, file.path).name;
    releasedVersions.set(typeof npmName === "string" ? npmName : p.name, p.next?.version ?? "");
  }
  for (const [p, file] of manifests) {
    const own = p.released ? p.next?.version : undefined;
    const edit = manifestEdit(file.text, file.path, { ...(own !== undefined ? { version: own } : {}), released: releasedVersions });
    file.text = edit.text;
    file.changes.push(...edit.changes);
  }

  for (const p of released) {
    const version = p.next?.version;
    if (p.changelogFile === undefined || version === undefined) continue;
    const file = await load(p.changelogFile, "changelog");
    if (file === undefined || changelogHasVersion(file.text, version)) continue;
    file.text = updateChangelog(file.text, p.notes, version);
    file.changes.push(`section ${version}`);
    file.added.push(p.notes.trim());
  }

  for (const [index, entry] of request.config.extraFiles.entries()) await writeExtraFile(entry, index);

  const files = [...pending.values()].map(
    (f): PreparedFile => ({ path: f.path, kind: f.kind, changed: f.text !== f.before, created: f.before === undefined, changes: f.changes, ...(f.added.length > 0 ? { added: f.added } : {}), text: f.text }),
  );
  return {
    released: true,
    versions: released.map((p) => ({ name: p.name, version: p.next?.version ?? "", tag: p.next?.tag ?? "" })),
    files,
    notes,
    commitMessage: commitMessage(plan, released),
  };

  async function writeExtraFile(entry: ExtraFile, index: number): Promise<void> {
    const path = normalisePath(entry.path);
    const owner = entry.package !== undefined ? plan.packages.find((p) => p.name === entry.package) : plan.mode === "independent" ? packageOwning(path, plan.packages) : released[0];
    if (owner === undefined) {
      const why = entry.package !== undefined ? `names no package of this repository (${entry.package})` : "is in no package's directory";
      throw extraFileError(index, entry.package !== undefined ? "package" : "path", `extra file ${path} ${why}`, "Name the package with `package:`, or move the entry.");
    }
    const version = owner.released ? owner.next?.version : undefined;
    if (version === undefined) {
      notes.push(`${path}: ${owner.name || "the package"} is not released; left alone`);
      return;
    }
    const file = await load(path, "extra");
    if (file === undefined) throw extraFileError(index, "path", `extra file ${path} does not exist`, "Fix the path (relative to the repository root) or remove the entry.");
    const edit = extraFileEdit(file.text, entry, version);
    if ("problem" in edit) throw extraFileError(index, "path", `extra file ${path}: ${edit.problem}`, "Fix the file or the entry's path to the version.");
    if (edit.text !== file.text) file.changes.push(edit.change);
    file.text = edit.text;
  }

  function extraFileError(index: number, key: string, message: string, hint: string): RelmError {
    const configFile = request.configFile ?? ".relm.yml";
    const line = request.lineOf?.(["extraFiles", index, key]);
    return new RelmError("RELM_EXTRA_FILE", "config", message, { details: [{ where: `${configFile}:${line ?? 1} extraFiles.${index}.${key}`, message }], hint });
  }
}
