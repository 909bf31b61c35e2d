import { Readable } from "node:stream";
import { z } from "zod";
import { RelmError, type ChainHead, type RecordWrite, type Registry, type StoredArtifact } from "@relm/core";
import { digestOf, withSpooledArtifact } from "@relm/registry";
import type { GitHubClient } from "./client.ts";
import { releaseAssets, type Asset } from "./release-assets.ts";

/** Asset names GitHub keeps as given: anything else in a version is written as `_xx` (hex). */
export function assetSafe(text: string): string {
  return text.replace(/[^A-Za-z0-9.-]/g, (c) => [...Buffer.from(c)].map((b) => `_${b.toString(16).padStart(2, "0")}`).join(""));
}
const blobName = (sha256: string) => `sha256-${sha256}`;
const recordName = (version: string) => `record-${assetSafe(version)}.json`;
const sumsName = (version: string) => `SHA256SUMS-${assetSafe(version)}.txt`;
/** One head asset per position: the new one is stored before the old one goes, so a reader always finds one. */
const headName = (sequence: number) => `head-${String(sequence).padStart(9, "0")}.json`;
/** Registries written before heads were numbered; read, and removed once a numbered head is stored. */
const LEGACY_HEAD = "head.json";
const headSequence = (name: string) => Number(/^head-(\d+)\.json$/.exec(name)?.[1] ?? (name === LEGACY_HEAD ? -1 : NaN));
const chainHeadSchema = z.object({ sequence: z.number().int(), digest: z.string(), version: z.string() });

/**
 * The release registry on GitHub Release assets. Everything lives on one draft release (tag
 * `relm-registry`, never published, so no git tag is made): artifacts as content-addressed assets
 * (`sha256-<hex>`, so re-runs and identical files upload once), then per release a checksums file
 * `SHA256SUMS-<version>.txt`, the record `record-<version>.json` (the commit point, written last of the
 * release's own files) and the chain head `head-<sequence>.json`. GitHub refuses a second asset of the
 * same name, which makes writing a record an exclusive create; there is no lock primitive beyond that,
 * so serialise publishers with a workflow `concurrency:` group (docs/github.md). Every step looks at
 * what is there first, so a re-run after a failure at any point finishes the publish.
 */
export function githubReleaseRegistry(client: GitHubClient, options: { tag?: string } = {}): Registry {
  const { owner, repo } = client;
  const store = releaseAssets(client, options.tag ?? "relm-registry");
  const location = `github-release:${owner}/${repo}`;
  const uploaded = (all: Asset[], name: string) => all.find((a) => a.name === name && a.state === "uploaded");

  /** The checksums file of a release; one no record vouches for yet (an attempt with other artifacts) is replaced. */
  async function putSums(version: string, artifacts: readonly StoredArtifact[]): Promise<void> {
    const name = sumsName(version);
    const sums = artifacts.map((a) => `${a.sha256}  ${a.name}\n`).join("");
    if (await store.uploadText(name, sums)) return;
    const there = uploaded(await store.list(), name);
    if (there && (await store.text(there)) === sums) return;
    if (there) await store.remove(there);
    await store.uploadText(name, sums);
  }

  async function moveHead(head: ChainHead): Promise<void> {
    const name = headName(head.sequence);
    await store.uploadText(name, JSON.stringify(head));
    for (const a of await store.list()) {
      if (a.name !== name && headSequence(a.name) < head.sequence) await store.remove(a);
    }
  }

  /** The release's checksums file and the head, for a record that is stored already (a re-run, or our own upload whose answer was lost). */
  async function finish(version: string, artifacts: readonly StoredArtifact[], head: ChainHead): Promise<void> {
    if (!uploaded(await store.list(), sumsName(version))) await putSums(version, artifacts);
    await moveHead(head);
  }

  return {
    location,

    async putArtifact(artifact) {
      return withSpooledArtifact(artifact.open(), "relm-gh-asset-", async ({ size, sha256, open }) => {
        const name = blobName(sha256);
        if (!uploaded(await store.list(), name)) await store.upload(name, size, () => Readable.from(open()));
        return { name: artifact.name, mediaType: artifact.mediaType, size, sha256 };
      });
    },

    async records() {
      const out = [];
      for (const a of await store.list()) {
        const m = /^record-(.+)\.json$/.exec(a.name);
        if (!m?.[1] || a.state !== "uploaded") continue;
        const version = m[1].replace(/_([0-9a-f]{2})/g, (_s, h: string) => String.fromCharCode(parseInt(h, 16)));
        out.push({ version, text: await store.text(a), where: `${location} ${a.name}` });
      }
      return out;
    },

    async record(key) {
      const asset = uploaded(await store.list(), recordName(key));
      return asset ? { version: key, text: await store.text(asset), where: `${location} ${asset.name}` } : undefined;
    },

    async head() {
      const heads = (await store.list()).filter((a) => a.state === "uploaded" && !Number.isNaN(headSequence(a.name)));
      const newest = heads.sort((a, b) => headSequence(b.name) - headSequence(a.name))[0];
      if (!newest) return undefined;
      let json: unknown;
      try {
        json = JSON.parse(await store.text(newest));
      } catch {
        json = undefined;
      }
      const parsed = chainHeadSchema.safeParse(json);
      if (!parsed.success) throw new RelmError("RELM_REGISTRY_HEAD", "integrity", `${newest.name} of ${location} is not a chain head`);
      return parsed.data satisfies ChainHead;
    },

    lock: (critical) => critical(),

    async writeRecord({ version, text: body, artifacts, head }): Promise<RecordWrite> {
      const all = await store.list();
      const missing = artifacts.filter((a) => !uploaded(all, blobName(a.sha256)));
      if (missing.length > 0) {
        throw new RelmError("RELM_ARTIFACT_MISSING", "integrity", `${missing.map((a) => a.name).join(", ")} ${missing.length === 1 ? "is" : "are"} not stored on ${location}; the record is not written`, {
          details: missing.map((a) => ({ where: a.name, message: `asset ${blobName(a.sha256)} is missing` })),
        });
      }
      const existing = uploaded(all, recordName(version));
      if (existing) {
        const text = await store.text(existing);
        if (text === body) await finish(version, artifacts, head);
        return { written: false, existing: { version, text, where: `${location} ${existing.name}` } };
      }
      await putSums(version, artifacts);
      if (!(await store.uploadText(recordName(version), body))) {
        // Refused as existing although it was not listed: our own upload landed and its answer was lost, or a parallel publisher won.
        const landed = uploaded(await store.list(), recordName(version));
        const text = landed ? await store.text(landed) : "";
        if (text !== body) return { written: false, existing: { version, text, where: `${location} ${recordName(version)}` } };
      }
      await moveHead(head);
      return { written: true };
    },

    async openArtifact(_version, artifact) {
      const asset = uploaded(await store.list(), blobName(artifact.sha256));
      if (!asset) throw new RelmError("RELM_REGISTRY_ARTIFACT_MISSING", "integrity", `${artifact.name} (${blobName(artifact.sha256)}) is missing from ${location}`);
      return store.download(asset);
    },

    async measureArtifact(_version, artifact, track = (s) => s) {
      const asset = uploaded(await store.list(), blobName(artifact.sha256));
      if (!asset) return { missing: `asset ${blobName(artifact.sha256)} is not on the registry release` };
      return digestOf(track(await store.download(asset)));
    },
  };
}
