// Owned by the registry work (issue 6): the release registry (Definitive Software Library) port.

/** Bytes as they flow: a Node Readable, a web ReadableStream and an async generator all fit. */
export type ByteStream = AsyncIterable<Uint8Array>;

/** One file to publish. `open()` is called once per attempt; the backend hashes what flows through it. */
export interface ArtifactUpload {
  /** The artifact's name in the release: a checked relative path (`dist/app.tgz`). */
  name: string;
  mediaType: string;
  /** Size announced by the file system (checked against what was streamed). */
  size?: number;
  /**
   * A digest this artifact is believed to have (from an interrupted run's journal). The backend may
   * skip the upload when a blob with that digest is already stored; otherwise it is ignored.
   */
  knownSha256?: string;
  open(): ByteStream;
}

/** What the registry holds for one artifact: its identity, measured while it streamed in. */
export interface StoredArtifact {
  name: string;
  mediaType: string;
  size: number;
  /** Lower-case hex sha256 of the content. */
  sha256: string;
}

/** A release record as stored: its exact text (the bytes digests are taken over) and where it lives. */
export interface StoredRecordText {
  /** The version the store files it under (a tag, a file name); checked against the record itself. */
  version: string;
  text: string;
  /** Where it lives, for messages: `records/1.2.0.json`, `oci://host/repo:1.2.0`. */
  where: string;
}

/** The chain head a backend keeps beside the records, so that deleting the newest record is detected too. */
export interface ChainHead {
  sequence: number;
  /** `sha256:<hex>` of the newest record. */
  digest: string;
  version: string;
}

/** The outcome of storing a record: a new version, or the same one already there. */
export type RecordWrite = { written: true } | { written: false; existing: StoredRecordText };

/**
 * A release registry backend (file directory, OCI registry, GitHub Release assets, GitLab generic
 * packages). Backends move bytes; the publish/verify/rollback logic lives in core's use cases.
 *
 * Contract every backend keeps:
 * - `putArtifact` streams with constant memory and hashes once on the way;
 * - `writeRecord` is called last, while holding `lock`, and never replaces a record: a version that
 *   exists is returned as `{ written: false, existing }` for the caller to compare;
 * - `records()` only ever returns records whose artifacts are all stored.
 */
export interface Registry {
  /** A short name for messages: `file:.relm/registry`, `oci://host/repo`. */
  readonly location: string;
  putArtifact(artifact: ArtifactUpload): Promise<StoredArtifact>;
  /** Every record the store holds (release records and events), in no particular order (the chain orders them). */
  records(): Promise<StoredRecordText[]>;
  /** The record filed under `key` (a release's `version`/`pkg@version`, or an event's key); undefined when there is none. */
  record(key: string): Promise<StoredRecordText | undefined>;
  /**
   * The record at chain position `sequence`, for backends that index positions (file, OCI): a publish
   * then reads the head and the newest record only, whatever the length of the chain. Backends that
   * cannot look a position up leave it out, and a publish reads every record instead.
   */
  recordAt?(sequence: number): Promise<StoredRecordText | undefined>;
  head(): Promise<ChainHead | undefined>;
  /**
   * Runs `critical` while no other publisher of this registry can write a record. Backends without
   * an atomic primitive document how strong their lock is (docs/registry.md).
   */
  lock<T>(critical: () => Promise<T>): Promise<T>;
  /**
   * Stores `text` as the record of `version` (exclusive create) at chain position `head.sequence`
   * (indexed by position where the backend can), then moves the head to it.
   */
  writeRecord(input: { version: string; text: string; artifacts: readonly StoredArtifact[]; head: ChainHead }): Promise<RecordWrite>;
  /** The stored bytes of one artifact of a published version (`version` is the record key: `pkg@1.0.0` in a monorepo). */
  openArtifact(version: string, artifact: StoredArtifact): Promise<ByteStream>;
  /** Re-reads and re-hashes one stored artifact (streamed), for `relm verify`; `track` sees the bytes pass (progress). */
  measureArtifact(version: string, artifact: StoredArtifact, track?: (stream: ByteStream) => ByteStream): Promise<{ size: number; sha256: string } | { missing: string }>;
}

/** Options every backend factory receives (the part of .relm.yml `registry:` plus the run's context). */
export interface RegistryContext {
  /** Directory `file:` URLs are relative to (the repository root). */
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  /** Injected so tests and the CLI share one network stack. */
  fetch?: typeof globalThis.fetch;
  /** The `registry:` section of the configuration, validated. */
  options?: Readonly<Record<string, unknown>>;
}

/** The URL schemes a registry can be addressed by; each maps to one backend factory. */
export type RegistryScheme = "file" | "oci" | "github-release" | "gitlab-package";
