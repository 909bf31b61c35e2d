import { RelmError, type ByteStream, type RegistryContext, type ChainHead, type Registry, type StoredArtifact, type StoredRecordText } from "@relm/core";
import { digestOf, withSpooledArtifact } from "@relm/registry";
import { z } from "zod";
import { createGitlabClient, type GitlabClient } from "./client.ts";
import { gitlabSettingsFromEnv } from "./settings.ts";
import { call } from "./call.ts";
import { gitlabGenericPackages } from "./generic-packages.ts";
import { linkExistingRelease } from "./releases.ts";

const PACKAGES = "GET /projects/:id/packages";
const FILES = "GET /projects/:id/packages/:package_id/package_files";

const packageSchema = z.looseObject({ id: z.number().int(), name: z.string(), version: z.string(), package_type: z.string() });
const fileSchema = z.looseObject({ id: z.number().int(), file_name: z.string() });
const headSchema = z.object({ sequence: z.number().int().min(0), digest: z.string(), version: z.string() });

// Package versions that hold relm's data inside one generic package.
const BLOBS = "blobs";
const RECORDS = "records";
const CHAIN = "chain";
/**
 * One head file per chain position (as on GitHub): relm never uploads a file name twice, which a group
 * that rejects duplicate packages requires. Old heads stay: deleting a package file takes more rights
 * than a job token may have, and each is a hundred bytes. The highest number is the head.
 */
const headName = (sequence: number) => `head-${String(sequence).padStart(9, "0")}.json`;
const headSequence = (file: string) => Number(/^head-(\d+)\.json$/.exec(file)?.[1] ?? NaN);
/** The single head of registries written by earlier relm versions: read while no numbered head is there. */
const LEGACY_HEAD = "head.json";

function recordTag(text: string): string | undefined {
  try {
    const parsed = JSON.parse(text) as { tag?: unknown };
    return typeof parsed.tag === "string" ? parsed.tag : undefined;
  } catch {
    return undefined;
  }
}

/** Stops reading a download: leaving an iterator early cancels the stream and frees the connection. */
async function discard(stream: ByteStream): Promise<void> {
  await stream[Symbol.asyncIterator]().return?.();
}

/**
 * `gitlab-package:NAME`: the release registry in this project's generic package registry. Artifacts
 * are stored by content (version `blobs`, file = sha256), records as `records/<version>.json`, the
 * chain head as `chain/head-<sequence>.json`: every file is uploaded once, so the group's setting that
 * rejects duplicates does not get in the way. GitLab has no atomic create, so `lock` relies on the
 * publish component's `resource_group`, which lets one publishing job run at a time.
 */
export function gitlabPackageRegistry(client: GitlabClient, project: string, name: string): Registry {
  const pkgs = gitlabGenericPackages(client, project, name);
  const recordFile = (version: string) => `${version.replace(/[^A-Za-z0-9._-]/g, "_")}.json`;
  /** Every page of a list endpoint (GitLab pages by `page` and `per_page`). */
  async function allPages<T>(endpoint: string, path: string, item: z.ZodType<T>, query: Record<string, string>): Promise<T[]> {
    const out: T[] = [];
    for (let page = 1; ; page += 1) {
      const batch = await call(endpoint, z.array(item), () => client.raw("GET", path, { query: { ...query, per_page: "100", page: String(page) } }).then((r) => r.body));
      out.push(...batch);
      if (batch.length < 100) return out;
    }
  }
  /** The file names in one version of the package (GitLab's `package_name` filter also matches longer names). */
  async function filesOf(version: string): Promise<string[]> {
    const base = `/projects/${encodeURIComponent(project)}/packages`;
    const list = await allPages(PACKAGES, base, packageSchema, { package_type: "generic", package_name: name });
    const pkg = list.find((p) => p.name === name && p.version === version);
    if (!pkg) return [];
    const files = await allPages(FILES, `${base}/${pkg.id}/package_files`, fileSchema, {});
    return [...new Set(files.map((f) => f.file_name))];
  }
  const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  /**
   * Whether the blob is stored (the download's headers are read, not its body). Its name is its
   * digest, which GitLab confirmed when it was uploaded; a size, when GitLab sends one, must match too.
   */
  async function isStored(sha256: string, size: number): Promise<boolean> {
    const opened = await pkgs.open(BLOBS, sha256);
    if (!opened) return false;
    await discard(opened.stream);
    return opened.size === undefined || opened.size === size;
  }
  async function readHead(): Promise<ChainHead | undefined> {
    const files = await filesOf(CHAIN);
    const newest = files.filter((f) => !Number.isNaN(headSequence(f))).sort((a, b) => headSequence(b) - headSequence(a))[0];
    const file = newest ?? (files.includes(LEGACY_HEAD) ? LEGACY_HEAD : undefined);
    if (!file) return undefined;
    const bytes = await pkgs.get(CHAIN, file);
    if (!bytes) throw new RelmError("RELM_GITLAB_RESPONSE", "integrity", `${pkgs.location}/${CHAIN}/${file} is listed but cannot be downloaded`);
    let json: unknown;
    try {
      json = JSON.parse(text(bytes));
    } catch {
      json = undefined;
    }
    const parsed = headSchema.safeParse(json);
    if (!parsed.success) throw new RelmError("RELM_GITLAB_RESPONSE", "integrity", `${pkgs.location}/${CHAIN}/${file} is not a chain head`);
    return parsed.data;
  }
  return {
    location: pkgs.location,
    async putArtifact(artifact) {
      // The upload of a killed run is there already (its digest is in the upload journal): nothing to read.
      if (artifact.knownSha256 && artifact.size !== undefined && (await isStored(artifact.knownSha256, artifact.size))) {
        return { name: artifact.name, mediaType: artifact.mediaType, size: artifact.size, sha256: artifact.knownSha256 };
      }
      return withSpooledArtifact(artifact.open(), "relm-gl-blob-", async (spooled) => {
        if (artifact.size !== undefined && artifact.size !== spooled.size) {
          throw new RelmError("RELM_GITLAB_PACKAGE_DIGEST", "integrity", `${artifact.name} changed while it was read: ${artifact.size} bytes announced, ${spooled.size} read`);
        }
        // An identical file was published before (or by a run that was cut off): GitLab keeps it once.
        // A duplicate GitLab refuses (`put` gives undefined) is there too: its name is its digest.
        if (!(await isStored(spooled.sha256, spooled.size))) await pkgs.put(BLOBS, spooled.sha256, spooled);
        return { name: artifact.name, mediaType: artifact.mediaType, size: spooled.size, sha256: spooled.sha256 };
      });
    },
    async records() {
      const out: StoredRecordText[] = [];
      for (const file of await filesOf(RECORDS)) {
        const bytes = await pkgs.get(RECORDS, file);
        if (bytes) out.push({ version: file.replace(/\.json$/, ""), text: text(bytes), where: `${pkgs.location}/${RECORDS}/${file}` });
      }
      return out;
    },
    async record(key) {
      const file = recordFile(key);
      const bytes = await pkgs.get(RECORDS, file);
      return bytes ? { version: key, text: text(bytes), where: `${pkgs.location}/${RECORDS}/${file}` } : undefined;
    },
    head: readHead,
    lock: (critical) => critical(),
    async writeRecord({ version, text: recordText, artifacts, head }) {
      const file = recordFile(version);
      const where = `${pkgs.location}/${RECORDS}/${file}`;
      const existing = await pkgs.get(RECORDS, file);
      if (existing && text(existing) !== recordText) return { written: false, existing: { version, text: text(existing), where } };
      if (!existing && !(await pkgs.put(RECORDS, file, new TextEncoder().encode(recordText)))) {
        // Refused as a duplicate although it was not there: our own upload landed and its answer was lost.
        const landed = text((await pkgs.get(RECORDS, file)) ?? new Uint8Array());
        if (landed !== recordText) return { written: false, existing: { version, text: landed, where } };
      }
      // The links, then the head. The same record again is a run that was cut off after writing it
      // (core passes the newest record again when the head lags behind): finish what it did not do.
      const tag = recordTag(recordText);
      if (tag) {
        // The GitLab Release of the tag (made by the tag step) links to what was published.
        await linkExistingRelease(client, project, tag, [
          ...artifacts.map((a) => ({ name: a.name, url: pkgs.urlOf(BLOBS, a.sha256), type: "package" as const })),
          { name: `release record ${version}`, url: pkgs.urlOf(RECORDS, file), type: "other" as const },
        ]);
      }
      // A head GitLab refuses as a duplicate is this one, stored by a run whose answer was lost.
      const current = existing ? await readHead() : undefined;
      if (!existing || !current || current.sequence < head.sequence) await pkgs.put(CHAIN, headName(head.sequence), new TextEncoder().encode(JSON.stringify(head)));
      return existing ? { written: false, existing: { version, text: recordText, where } } : { written: true };
    },
    async openArtifact(_version, artifact: StoredArtifact) {
      const opened = await pkgs.open(BLOBS, artifact.sha256);
      if (!opened) throw new RelmError("RELM_REGISTRY_MISSING", "not-found", `${artifact.name} (${artifact.sha256}) is not in ${pkgs.location}`);
      return opened.stream;
    },
    async measureArtifact(_version, artifact, track = (s) => s) {
      const opened = await pkgs.open(BLOBS, artifact.sha256);
      if (!opened) return { missing: `${pkgs.location}/${BLOBS}/${artifact.sha256}` };
      return digestOf(track(opened.stream));
    },
  };
}

/** The registry backend factory for `gitlab-package:NAME` URLs (register it under the `gitlab-package` scheme). */
export function gitlabPackageRegistryFactory(url: string, context: RegistryContext): Registry {
  const name = url.replace(/^gitlab-package:/, "") || "relm-releases";
  const settings = gitlabSettingsFromEnv({ ...context.env });
  const client = createGitlabClient({ host: settings.host, ...(settings.auth ? { auth: settings.auth } : {}), ...(context.fetch ? { fetch: context.fetch } : {}) });
  return gitlabPackageRegistry(client, settings.project, name);
}
