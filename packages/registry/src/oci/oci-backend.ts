import type { ArtifactUpload, ByteStream, ChainHead, Registry, RecordWrite, StoredArtifact, StoredRecordText } from "@relm/core";
import { RelmError } from "@relm/core/errors";
import { RECORD_MEDIA_TYPE } from "@relm/core/record/release-record-schema";
import { digestOf } from "../hashing.ts";
import { blobSize, blobText, openBlob, uploadBlobBytes, uploadBlobStream } from "./oci-blobs.ts";
import { ociHttp, type OciHttpOptions, type OciTarget } from "./oci-http.ts";
import { LOCK_TAG, withOciLock, type OciLockOptions } from "./oci-lock.ts";
import { artifactManifest, EMPTY_JSON, getManifest, listTags, putManifest, RELEASE_ARTIFACT_TYPE, tagFor, TITLE, VERSION, type Descriptor } from "./oci-manifests.ts";

export const HEAD_TAG = "relm-head";
/** `relm-seq-<n>` tags the record at chain position n (the same manifest as its version tag). */
const SEQUENCE_TAG = "relm-seq-";
const HEAD_TYPE = "application/vnd.relm.chain-head.v1+json";
const RECORD_TITLE = "relm-record.json";
const A = { sequence: "dev.relm.chain.sequence", digest: "dev.relm.record.digest", key: "dev.relm.record.key" } as const;

export interface OciRegistryOptions extends OciHttpOptions {
  lock?: Partial<OciLockOptions>;
}

/**
 * `oci://HOST/REPO`: a release is an OCI artifact (image manifest, artifactType
 * application/vnd.relm.release.v1+json, empty config, one layer per file titled with its name, the
 * record as the last layer), tagged with the version and with `relm-seq-<position>`. The chain head is
 * the tag `relm-head`.
 */
export function ociRegistry(target: OciTarget, options: OciRegistryOptions): Registry {
  const http = ociHttp(target, options);
  const lockOptions: OciLockOptions = { settleMs: 1000, leaseMs: 120_000, waitMs: 120_000, ...options.lock };
  const where = (tag: string) => `oci://${target.origin.replace(/^https?:\/\//, "")}/${target.repository}:${tag}`;

  async function recordOf(tag: string): Promise<StoredRecordText | undefined> {
    const found = await getManifest(http, tag);
    if (!found || found.manifest.artifactType !== RELEASE_ARTIFACT_TYPE) return undefined;
    const layer = found.manifest.layers.find((l) => l.mediaType === RECORD_MEDIA_TYPE);
    // The tag files the record; the annotation only restores a key the tag alphabet could not hold.
    const key = found.manifest.annotations?.[A.key];
    const version = key !== undefined && tagFor(key) === tag ? key : tag;
    return { version, text: layer ? await blobText(http, layer.digest) : "", where: where(tag) };
  }

  return {
    location: `oci://${target.origin.replace(/^https?:\/\//, "")}/${target.repository}`,

    async putArtifact(artifact: ArtifactUpload): Promise<StoredArtifact> {
      if (artifact.knownSha256 && artifact.size !== undefined && (await blobSize(http, `sha256:${artifact.knownSha256}`)) === artifact.size) {
        return { name: artifact.name, mediaType: artifact.mediaType, size: artifact.size, sha256: artifact.knownSha256 };
      }
      // A stream cannot be replayed, so a failed upload is restarted from a fresh open() of the file.
      let last: unknown;
      for (let attempt = 0; attempt <= options.retries; attempt += 1) {
        try {
          const { size, sha256 } = await uploadBlobStream(http, artifact.open());
          return { name: artifact.name, mediaType: artifact.mediaType, size, sha256 };
        } catch (error) {
          last = error;
          if (error instanceof RelmError && error.code === "RELM_OCI_DENIED") throw error;
        }
      }
      throw last;
    },

    async records(): Promise<StoredRecordText[]> {
      const out: StoredRecordText[] = [];
      for (const tag of await listTags(http)) {
        if (tag === HEAD_TAG || tag === LOCK_TAG || tag.startsWith(SEQUENCE_TAG)) continue;
        const record = await recordOf(tag);
        if (record) out.push(record);
      }
      return out;
    },

    record: (key: string) => recordOf(tagFor(key)),

    async recordAt(sequence: number): Promise<StoredRecordText | undefined> {
      const claimed = await getManifest(http, `${SEQUENCE_TAG}${sequence}`);
      const key = claimed?.manifest.annotations?.[A.key];
      if (!claimed || key === undefined) return undefined;
      // A position tagged by a publish that was killed before its version tag is not a record.
      const filed = await getManifest(http, tagFor(key));
      if (!filed || filed.digest !== claimed.digest) return undefined;
      return recordOf(tagFor(key));
    },

    async head(): Promise<ChainHead | undefined> {
      const a = (await getManifest(http, HEAD_TAG))?.manifest.annotations;
      if (!a?.[A.digest]) return undefined;
      return { sequence: Number(a[A.sequence]), digest: a[A.digest] ?? "", version: a[A.key] ?? "" };
    },

    lock: (critical) => withOciLock(http, lockOptions, critical),

    async writeRecord({ version, text, artifacts, head }): Promise<RecordWrite> {
      const tag = tagFor(version);
      const existing = await recordOf(tag);
      if (existing) {
        if (existing.text === text) await writeHead(head, existing.text);
        return { written: false, existing };
      }
      const layers: Descriptor[] = [];
      for (const a of artifacts) {
        const size = await blobSize(http, `sha256:${a.sha256}`);
        if (size !== a.size) throw new RelmError("RELM_ARTIFACT_MISSING", "integrity", `${a.name} is not stored; the record is not written`, { details: [{ where: a.name, message: `sha256:${a.sha256}` }] });
        layers.push({ mediaType: a.mediaType, digest: `sha256:${a.sha256}`, size: a.size, annotations: { [TITLE]: a.name } });
      }
      await uploadBlobBytes(http, EMPTY_JSON);
      const bytes = new TextEncoder().encode(text);
      const recordDigest = await uploadBlobBytes(http, bytes);
      layers.push({ mediaType: RECORD_MEDIA_TYPE, digest: recordDigest, size: bytes.byteLength, annotations: { [TITLE]: RECORD_TITLE } });
      const created = (JSON.parse(text) as { times?: { published?: string } }).times?.published ?? "";
      const manifest = artifactManifest(RELEASE_ARTIFACT_TYPE, layers, { [VERSION]: version, [A.key]: version, [A.digest]: head.digest, [A.sequence]: String(head.sequence), "org.opencontainers.image.created": created });
      await putManifest(http, `${SEQUENCE_TAG}${head.sequence}`, manifest);
      const digest = await putManifest(http, tag, manifest);
      // Overwrites are possible on a registry without immutable tags: read back what the tag names now.
      const now = await getManifest(http, tag);
      if (digest && now && now.digest !== digest) {
        throw new RelmError("RELM_VERSION_RACE", "conflict", `another publisher replaced ${where(tag)} while this one wrote it`, { details: [{ where: where(tag), message: `now ${now.digest}, written ${digest}` }], hint: "Run `relm verify`; enable tag immutability on the registry if it offers it." });
      }
      await writeHead(head, text);
      return { written: true };
    },

    async openArtifact(_version: string, artifact: StoredArtifact) {
      const stream = await openBlob(http, `sha256:${artifact.sha256}`);
      if (!stream) throw new RelmError("RELM_ARTIFACT_MISSING", "integrity", `${artifact.name} (sha256:${artifact.sha256}) is missing from ${target.repository}`, { details: [{ where: artifact.name, message: "blob not found" }] });
      return stream;
    },

    async measureArtifact(version: string, artifact: StoredArtifact, track = (s: ByteStream) => s) {
      // The tag is what OCI tools pull: it must still name the recorded bytes under the recorded title.
      const layers = (await getManifest(http, tagFor(version)))?.manifest.layers ?? [];
      const layer = layers.find((l) => l.annotations?.[TITLE] === artifact.name);
      if (layer?.digest !== `sha256:${artifact.sha256}`) {
        return { missing: `${where(tagFor(version))} names ${layer ? layer.digest : "no layer"} for ${artifact.name}, the record says sha256:${artifact.sha256}` };
      }
      const stream = await openBlob(http, `sha256:${artifact.sha256}`);
      if (!stream) return { missing: `blob sha256:${artifact.sha256} is missing from ${target.repository}` };
      return digestOf(track(stream));
    },
  };

  async function writeHead(head: ChainHead, recordText: string): Promise<void> {
    const bytes = new TextEncoder().encode(recordText);
    const digest = await uploadBlobBytes(http, bytes);
    await uploadBlobBytes(http, EMPTY_JSON);
    await putManifest(http, HEAD_TAG, artifactManifest(HEAD_TYPE, [{ mediaType: RECORD_MEDIA_TYPE, digest, size: bytes.byteLength, annotations: { [TITLE]: RECORD_TITLE } }], { [A.sequence]: String(head.sequence), [A.digest]: head.digest, [A.key]: head.version }));
  }
}
