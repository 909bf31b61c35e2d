import { createHash } from "node:crypto";
import { RelmError, type ByteStream, type RegistryContext, type ChainHead, type Registry, type StoredArtifact, type StoredRecordText } from "@relm/core";
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

async function collect(stream: ByteStream): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const p of stream) {
    parts.push(p);
    size += p.byteLength;
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

function recordTag(text: string): string | undefined {
  try {
    const parsed = JSON.parse(text) as { tag?: unknown };
    return typeof parsed.tag === "string" ? parsed.tag : undefined;
  } catch {
    return undefined;
  }
}

async function* once(bytes: Uint8Array): ByteStream {
  yield bytes;
}

/**
 * `gitlab-package:NAME`: the release registry in this project's generic package registry. Artifacts
 * are stored by content (version `blobs`, file = sha256), records as `records/<version>.json`, the
 * chain head as `chain/head.json`. GitLab has no atomic create, so `lock` relies on the publish
 * component's `resource_group`, which lets one publishing job run at a time.
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
  async function recordFiles(): Promise<string[]> {
    const base = `/projects/${encodeURIComponent(project)}/packages`;
    const list = await allPages(PACKAGES, base, packageSchema, { package_type: "generic", package_name: name });
    const records = list.find((p) => p.name === name && p.version === RECORDS);
    if (!records) return [];
    const files = await allPages(FILES, `${base}/${records.id}/package_files`, fileSchema, {});
    return [...new Set(files.map((f) => f.file_name))];
  }
  const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return {
    location: pkgs.location,
    async putArtifact(artifact) {
      const bytes = await collect(artifact.open());
      const sha256 = createHash("sha256").update(bytes).digest("hex");
      if (artifact.size !== undefined && artifact.size !== bytes.byteLength) {
        throw new RelmError("RELM_GITLAB_PACKAGE_DIGEST", "integrity", `${artifact.name} changed while it was read: ${artifact.size} bytes announced, ${bytes.byteLength} read`);
      }
      if (!(artifact.knownSha256 === sha256 && (await pkgs.get(BLOBS, sha256)) !== undefined)) await pkgs.put(BLOBS, sha256, bytes);
      return { name: artifact.name, mediaType: artifact.mediaType, size: bytes.byteLength, sha256 };
    },
    async records() {
      const out: StoredRecordText[] = [];
      for (const file of await recordFiles()) {
        const bytes = await pkgs.get(RECORDS, file);
        if (bytes) out.push({ version: file.replace(/\.json$/, ""), text: text(bytes), where: `${pkgs.location}/${RECORDS}/${file}` });
      }
      return out;
    },
    async head(): Promise<ChainHead | undefined> {
      const bytes = await pkgs.get(CHAIN, "head.json");
      if (!bytes) return undefined;
      const parsed = headSchema.safeParse(JSON.parse(text(bytes)));
      if (!parsed.success) throw new RelmError("RELM_GITLAB_RESPONSE", "integrity", `${pkgs.location}/${CHAIN}/head.json is not a chain head`);
      return parsed.data;
    },
    lock: (critical) => critical(),
    async writeRecord({ version, text: recordText, artifacts, head }) {
      const file = recordFile(version);
      const existing = await pkgs.get(RECORDS, file);
      if (existing) return { written: false, existing: { version, text: text(existing), where: `${pkgs.location}/${RECORDS}/${file}` } };
      await pkgs.put(RECORDS, file, new TextEncoder().encode(recordText));
      await pkgs.put(CHAIN, "head.json", new TextEncoder().encode(JSON.stringify(head)));
      // The GitLab Release of the tag (made by the tag step) links to what was published.
      const tag = recordTag(recordText);
      if (tag) {
        await linkExistingRelease(client, project, tag, [
          ...artifacts.map((a) => ({ name: a.name, url: pkgs.urlOf(BLOBS, a.sha256), type: "package" as const })),
          { name: `release record ${version}`, url: pkgs.urlOf(RECORDS, file), type: "other" as const },
        ]);
      }
      return { written: true };
    },
    async openArtifact(_version, artifact: StoredArtifact) {
      const bytes = await pkgs.get(BLOBS, artifact.sha256);
      if (!bytes) throw new RelmError("RELM_REGISTRY_MISSING", "not-found", `${artifact.name} (${artifact.sha256}) is not in ${pkgs.location}`);
      return once(bytes);
    },
    async measureArtifact(_version, artifact) {
      const bytes = await pkgs.get(BLOBS, artifact.sha256);
      if (!bytes) return { missing: `${pkgs.location}/${BLOBS}/${artifact.sha256}` };
      return { size: bytes.byteLength, sha256: createHash("sha256").update(bytes).digest("hex") };
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
