import type { PreparedRelease } from "@relm/core";
import type { LockfileOutcome } from "./lockfile.ts";

export interface PrepareOutcome {
  prepared: PreparedRelease;
  dryRun: boolean;
  lockfiles: LockfileOutcome[];
  /** The release commit: made, or (dry run, or nothing to commit) its message alone. */
  commit?: { hash?: string; message: string };
}

/** The outcome as --json prints it: the files' paths and what changed, never their whole text. */
export function prepareJson(o: PrepareOutcome): Record<string, unknown> {
  const { prepared } = o;
  return {
    released: prepared.released,
    ...(prepared.reason !== undefined ? { reason: prepared.reason } : {}),
    dryRun: o.dryRun,
    versions: prepared.versions,
    files: prepared.files.map((f) => ({ path: f.path, kind: f.kind, changed: f.changed, created: f.created && f.changed, changes: f.changes, ...(f.added && f.changed ? { added: f.added } : {}) })),
    lockfiles: o.lockfiles,
    notes: prepared.notes,
    ...(o.commit ? { commit: o.commit } : {}),
  };
}

/** The outcome as lines: one per file, then the notes, the lockfile and the commit. */
export function prepareText(o: PrepareOutcome): string {
  const { prepared } = o;
  if (!prepared.released) return `No release needed: ${prepared.reason ?? "no release-worthy commits since the previous release"}.\n`;
  const versions = prepared.versions.map((v) => (v.name === "" || prepared.versions.length === 1 ? v.version : `${v.name}@${v.version}`));
  const lines = [`${o.dryRun ? "Would prepare" : "Prepared"} ${versions.join(", ")}${o.dryRun ? " (dry run: nothing written)" : ""}`];
  for (const f of prepared.files) {
    const what = f.changed ? `${f.changes.join(", ") || "rewritten"}${f.created ? " (new file)" : ""}` : "already up to date";
    lines.push(`  ${f.path}: ${what}`);
  }
  // A dry run shows the notes it would add, as `relm changelog --dry-run` does: they are what a reviewer reads.
  if (o.dryRun) for (const f of prepared.files) for (const section of f.changed ? (f.added ?? []) : []) lines.push("", `${f.path}:`, "", section, "");
  for (const l of o.lockfiles) if (l.note !== undefined) lines.push(`  ${l.path}: ${l.note}`);
  for (const n of prepared.notes) lines.push(`note: ${n}`);
  if (o.commit?.hash !== undefined) lines.push(`Committed ${o.commit.hash.slice(0, 12)} ${o.commit.message}`);
  else if (o.commit) lines.push(o.dryRun ? `Would commit: ${o.commit.message}` : "Nothing to commit: the files already match HEAD.");
  return `${lines.join("\n")}\n`;
}
