import { createHash } from "node:crypto";
import { RelmError, type ByteStream } from "@relm/core";
import type { GitlabClient } from "./client.ts";
import { parseAnswer, requestError, statusOf } from "./call.ts";
import { packageFileSchema } from "./schemas.ts";

const PUT = "PUT /projects/:id/packages/generic/:package_name/:package_version/:file_name";
const GET = "GET /projects/:id/packages/generic/:package_name/:package_version/:file_name";

// GitLab's rules for generic packages: names and files of these characters, versions without "..".
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const FILE = /^[A-Za-z0-9._~+-]+$/;
const VERSION = /^(?!.*\.\.)[A-Za-z0-9][A-Za-z0-9.+_-]*$/;
/** GitLab's 400 for a second file of one name in a package version, where the group rejects duplicates. */
const DUPLICATE = /Duplicate package is not allowed/;

export interface StoredFile {
  /** Download URL, for the release's asset links. */
  url: string;
  sha256: string;
  size: number;
}

/** A file already measured (spooled to disk while hashing), opened afresh for each attempt. */
export interface UploadSource {
  size: number;
  sha256: string;
  open(): ByteStream;
}

/** A stored file as it downloads: `size` from content-length, when GitLab (or its object storage) sends one. */
export interface OpenedFile {
  size: number | undefined;
  stream: ByteStream;
}

/**
 * The project's generic package registry as relm's release registry backend (`gitlab-package:NAME`):
 * package versions of one package hold the artifacts, the release records and the chain head.
 */
export interface GitlabGenericPackages {
  readonly location: string;
  urlOf(version: string, file: string): string;
  /**
   * Bytes for small files (records, the head); an `UploadSource` streams, whatever its size.
   * Undefined when GitLab refused it because a file of that name is in the version already (the
   * group's "Reject packages with the same name and version" setting): it is there, by an earlier
   * run or by our own upload whose answer was lost and that was sent again.
   */
  put(version: string, file: string, body: Uint8Array | UploadSource): Promise<StoredFile | undefined>;
  /** A small file, whole. */
  get(version: string, file: string): Promise<Uint8Array | undefined>;
  /** A file of any size, streamed. */
  open(version: string, file: string): Promise<OpenedFile | undefined>;
}

function check(kind: string, value: string, re: RegExp): void {
  if (!re.test(value)) {
    throw new RelmError("RELM_GITLAB_PACKAGE_NAME", "usage", `${kind} ${JSON.stringify(value)} is not allowed in GitLab's generic package registry`, {
      details: [{ where: kind, message: `expected ${re.source}` }],
    });
  }
}

export function gitlabGenericPackages(client: GitlabClient, project: string, packageName: string): GitlabGenericPackages {
  check("package name", packageName, NAME);
  const path = (version: string, file: string) => {
    check("package version", version, VERSION);
    check("file name", file, FILE);
    return `/projects/${encodeURIComponent(project)}/packages/generic/${encodeURIComponent(packageName)}/${encodeURIComponent(version)}/${encodeURIComponent(file)}`;
  };
  return {
    location: `gitlab-package:${packageName}`,
    urlOf: (version, file) => `${client.apiUrl}${path(version, file)}`,
    async put(version, file, body) {
      const bytes = body instanceof Uint8Array ? body : undefined;
      const { sha256, size } = bytes ? { sha256: createHash("sha256").update(bytes).digest("hex"), size: bytes.byteLength } : (body as UploadSource);
      let answer: unknown;
      try {
        ({ body: answer } = await client.raw("PUT", path(version, file), {
          body: bytes ?? { length: size, open: () => (body as UploadSource).open() },
          headers: { "content-type": "application/octet-stream" },
          query: { select: "package_file" },
        }));
      } catch (error) {
        if (statusOf(error) === 400 && error instanceof Error && DUPLICATE.test(error.message)) return undefined;
        throw requestError(PUT, error);
      }
      const stored = parseAnswer(PUT, packageFileSchema, answer);
      if (stored.file_sha256 && stored.file_sha256 !== sha256) {
        throw new RelmError("RELM_GITLAB_PACKAGE_DIGEST", "integrity", `GitLab stored ${file} with sha256 ${stored.file_sha256}, relm sent ${sha256}`, {
          details: [{ where: PUT, message: "digest mismatch" }],
        });
      }
      if (stored.size !== undefined && stored.size !== size) {
        throw new RelmError("RELM_GITLAB_PACKAGE_DIGEST", "integrity", `GitLab stored ${file} with ${stored.size} bytes, relm sent ${size}`, {
          details: [{ where: PUT, message: "size mismatch" }],
        });
      }
      return { url: `${client.apiUrl}${path(version, file)}`, sha256, size };
    },
    async get(version, file) {
      try {
        const { body } = await client.raw("GET", path(version, file));
        if (body instanceof Uint8Array) return body;
        return new TextEncoder().encode(typeof body === "string" ? body : JSON.stringify(body));
      } catch (error) {
        if (statusOf(error) === 404) return undefined;
        throw requestError(GET, error);
      }
    },
    async open(version, file) {
      try {
        const { headers, body } = await client.download(path(version, file));
        const length = headers["content-length"];
        return { size: length === undefined ? undefined : Number(length), stream: body };
      } catch (error) {
        if (statusOf(error) === 404) return undefined;
        throw requestError(GET, error);
      }
    },
  };
}
