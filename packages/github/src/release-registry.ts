import { createReadStream } from "node:fs";
import { mkdtemp, open, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { createHash } from "node:crypto";
import { z } from "zod";
import { RelmError, type ByteStream, type ChainHead, type Registry, type StoredArtifact } from "@relm/core";
import type { GitHubClient } from "./client.ts";
import { call, isUnprocessable, requestError } from "./call.ts";
import { assetSchema, releaseSchema } from "./schemas.ts";
import { githubReleases } from "./releases.ts";

type Asset = z.infer<typeof assetSchema>;

/** Asset names GitHub keeps as given: anything else in a version is written as `_xx` (hex). */
export function assetSafe(text: string): string {
  return text.replace(/[^A-Za-z0-9.-]/g, (c) => [...Buffer.from(c)].map((b) => `_${b.toString(16).padStart(2, "0")}`).join(""));
}
const blobName = (sha256: string) => `sha256-${sha256}`;
const recordName = (version: string) => `record-${assetSafe(version)}.json`;
const sumsName = (version: string) => `SHA256SUMS-${assetSafe(version)}.txt`;
const HEAD = "head.json";

/**
 * The release registry on GitHub Release assets. Everything lives on one draft release (tag
 * `relm-registry`, never published, so no git tag is made): artifacts as content-addressed assets
 * (`sha256-<hex>`, so re-runs and identical files upload once), one `record-<version>.json` per
 * release, a `SHA256SUMS-<version>.txt` checksums file and `head.json`. GitHub refuses a second asset
 * of the same name, which makes writing a record an exclusive create; there is no lock primitive
 * beyond that, so serialise publishers with a workflow `concurrency:` group (docs/github.md).
 */
export function githubReleaseRegistry(client: GitHubClient, options: { tag?: string } = {}): Registry {
  const { octokit, owner, repo } = client;
  const tag = options.tag ?? "relm-registry";
  let release: z.infer<typeof releaseSchema> | undefined;
  const location = `github-release:${owner}/${repo}`;

  async function store(): Promise<z.infer<typeof releaseSchema>> {
    if (release) return release;
    const existing = await githubReleases(client).findRelease(tag);
    release =
      existing ??
      (await call("POST /repos/{owner}/{repo}/releases", releaseSchema, () =>
        octokit.rest.repos.createRelease({ owner, repo, tag_name: tag, name: "relm registry", body: "The release registry of this repository, kept by relm. Do not publish or edit.", draft: true, make_latest: "false" }),
      ));
    return release;
  }

  async function assets(): Promise<Asset[]> {
    const r = await store();
    return call("GET /repos/{owner}/{repo}/releases/{release_id}/assets", z.array(assetSchema), () =>
      octokit.paginate(octokit.rest.repos.listReleaseAssets, { owner, repo, release_id: r.id, per_page: 100 }).then((data) => ({ data })),
    );
  }

  async function download(asset: Asset): Promise<ByteStream> {
    try {
      const { data } = await octokit.request("GET /repos/{owner}/{repo}/releases/assets/{asset_id}", {
        owner,
        repo,
        asset_id: asset.id,
        headers: { accept: "application/octet-stream" },
        request: { parseSuccessResponseBody: false },
      });
      return data as unknown as ByteStream;
    } catch (error) {
      throw requestError("GET /repos/{owner}/{repo}/releases/assets/{asset_id}", error);
    }
  }

  async function text(asset: Asset): Promise<string> {
    const chunks: Uint8Array[] = [];
    for await (const c of await download(asset)) chunks.push(c);
    return Buffer.concat(chunks).toString("utf8");
  }

  /** Uploads a file (re-opened per attempt: a stream cannot be sent twice); false when the name exists. */
  // GitHub's API description takes asset bodies as application/octet-stream; the record keeps the media type.
  async function upload(name: string, size: number, openBody: () => Readable): Promise<boolean> {
    const r = await store();
    const endpoint = "POST /repos/{owner}/{repo}/releases/{release_id}/assets";
    for (let attempt = 1; ; attempt++) {
      try {
        await octokit.request({
          method: "POST",
          url: r.upload_url,
          name,
          headers: { "content-type": "application/octet-stream", "content-length": String(size) },
          data: Readable.toWeb(openBody()),
          request: { retries: 0 },
        });
        return true;
      } catch (error) {
        if (isUnprocessable(error)) {
          // An earlier attempt may have left a half-made asset (GitHub: state "starter"); remove it and retry.
          const stale = (await assets()).find((a) => a.name === name && a.state !== "uploaded");
          if (!stale) return false;
          await octokit.rest.repos.deleteReleaseAsset({ owner, repo, asset_id: stale.id });
        } else if (attempt >= 3) {
          throw requestError(endpoint, error);
        }
      }
    }
  }

  async function uploadText(name: string, body: string): Promise<boolean> {
    const bytes = Buffer.from(body, "utf8");
    return upload(name, bytes.length, () => Readable.from([bytes]));
  }

  return {
    location,

    async putArtifact(artifact) {
      // Spool to a temp file while hashing: the upload needs its length and content-addressed name first.
      const dir = await mkdtemp(join(tmpdir(), "relm-gh-asset-"));
      try {
        const file = join(dir, "blob");
        const handle = await open(file, "w");
        const hash = createHash("sha256");
        let size = 0;
        try {
          for await (const chunk of artifact.open()) {
            hash.update(chunk);
            size += chunk.byteLength;
            await handle.write(chunk);
          }
        } finally {
          await handle.close();
        }
        const sha256 = hash.digest("hex");
        const name = blobName(sha256);
        if (!(await assets()).some((a) => a.name === name && a.state === "uploaded")) {
          await upload(name, size, () => createReadStream(file));
        }
        return { name: artifact.name, mediaType: artifact.mediaType, size, sha256 };
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },

    async records() {
      const out = [];
      for (const a of await assets()) {
        const m = /^record-(.+)\.json$/.exec(a.name);
        if (!m?.[1]) continue;
        const version = m[1].replace(/_([0-9a-f]{2})/g, (_s, h: string) => String.fromCharCode(parseInt(h, 16)));
        out.push({ version, text: await text(a), where: `${location} ${a.name}` });
      }
      return out;
    },

    async head() {
      const asset = (await assets()).find((a) => a.name === HEAD);
      if (!asset) return undefined;
      const parsed = z.object({ sequence: z.number().int(), digest: z.string(), version: z.string() }).safeParse(JSON.parse(await text(asset)));
      if (!parsed.success) throw new RelmError("RELM_REGISTRY_HEAD", "integrity", `${HEAD} of ${location} is not a chain head`);
      return parsed.data satisfies ChainHead;
    },

    lock: (critical) => critical(),

    async writeRecord({ version, text: body, artifacts, head }) {
      if (!(await uploadText(recordName(version), body))) {
        const existing = (await assets()).find((a) => a.name === recordName(version));
        if (existing) return { written: false, existing: { version, text: await text(existing), where: `${location} ${existing.name}` } };
      }
      const sums = artifacts.map((a: StoredArtifact) => `${a.sha256}  ${a.name}\n`).join("");
      await uploadText(sumsName(version), sums);
      const old = (await assets()).find((a) => a.name === HEAD);
      if (old) await octokit.rest.repos.deleteReleaseAsset({ owner, repo, asset_id: old.id }).catch((error: unknown) => {
        if (!isUnprocessable(error)) throw requestError("DELETE /repos/{owner}/{repo}/releases/assets/{asset_id}", error);
      });
      await uploadText(HEAD, JSON.stringify(head));
      return { written: true };
    },

    async openArtifact(_version, artifact) {
      const asset = (await assets()).find((a) => a.name === blobName(artifact.sha256));
      if (!asset) throw new RelmError("RELM_REGISTRY_ARTIFACT_MISSING", "integrity", `${artifact.name} (${blobName(artifact.sha256)}) is missing from ${location}`);
      return download(asset);
    },

    async measureArtifact(_version, artifact) {
      const asset = (await assets()).find((a) => a.name === blobName(artifact.sha256));
      if (!asset) return { missing: `asset ${blobName(artifact.sha256)} is not on the registry release` };
      const hash = createHash("sha256");
      let size = 0;
      for await (const chunk of await download(asset)) {
        hash.update(chunk);
        size += chunk.byteLength;
      }
      return { size, sha256: hash.digest("hex") };
    },
  };
}
