import { createHash } from "node:crypto";
import type { ByteStream } from "@relm/core";
import { RelmError } from "@relm/core/errors";
import { measure } from "../hashing.ts";
import type { OciHttp } from "./oci-http.ts";

const blobsPath = (http: OciHttp) => `/v2/${http.target.repository}/blobs`;

/** Whether the registry holds a blob (and its size): `HEAD /v2/<repo>/blobs/<digest>`. */
export async function blobSize(http: OciHttp, digest: string): Promise<number | undefined> {
  const response = await http.request(`${blobsPath(http)}/${digest}`, { method: "HEAD", accept: [404] });
  if (response.status === 404) return undefined;
  return Number(response.headers.get("content-length") ?? "-1");
}

/**
 * Streams a blob up, hashing it on the way: POST opens an upload session, one PATCH carries the bytes
 * (chunked transfer, constant memory), and PUT ?digest= closes it with the digest measured in passing,
 * which the registry checks against what it received.
 */
export async function uploadBlobStream(http: OciHttp, source: ByteStream): Promise<{ size: number; sha256: string }> {
  const opened = await http.request(`${blobsPath(http)}/uploads/`, { method: "POST", headers: { "content-length": "0" } });
  await opened.body?.cancel();
  let location = absolute(http, opened.headers.get("location"));
  const measured = measure(source);
  const patched = await http.request(location, { method: "PATCH", headers: { "content-type": "application/octet-stream" }, stream: measured.stream });
  await patched.body?.cancel();
  location = absolute(http, patched.headers.get("location") ?? location);
  const { size, sha256 } = measured.result();
  await closeUpload(http, location, sha256);
  return { size, sha256 };
}

/** A small blob (a record, the empty config) in one monolithic POST + PUT; skipped when present. */
export async function uploadBlobBytes(http: OciHttp, bytes: Uint8Array): Promise<string> {
  const digest = `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
  if ((await blobSize(http, digest)) === bytes.byteLength) return digest;
  const opened = await http.request(`${blobsPath(http)}/uploads/`, { method: "POST", headers: { "content-length": "0" } });
  await opened.body?.cancel();
  const location = new URL(absolute(http, opened.headers.get("location")));
  location.searchParams.set("digest", digest);
  const put = await http.request(location.href, { method: "PUT", headers: { "content-type": "application/octet-stream" }, body: bytes });
  await put.body?.cancel();
  return digest;
}

async function closeUpload(http: OciHttp, location: string, sha256: string): Promise<void> {
  const url = new URL(location);
  url.searchParams.set("digest", `sha256:${sha256}`);
  const put = await http.request(url.href, { method: "PUT", headers: { "content-length": "0" } });
  await put.body?.cancel();
}

export async function openBlob(http: OciHttp, digest: string): Promise<ByteStream | undefined> {
  const response = await http.request(`${blobsPath(http)}/${digest}`, { accept: [404] });
  if (response.status === 404 || !response.body) {
    await response.body?.cancel();
    return undefined;
  }
  return response.body as unknown as ByteStream;
}

export async function blobText(http: OciHttp, digest: string): Promise<string> {
  const response = await http.request(`${blobsPath(http)}/${digest}`);
  return response.text();
}

function absolute(http: OciHttp, location: string | null): string {
  if (!location) throw new RelmError("RELM_OCI_PROTOCOL", "external", "the registry opened an upload without a Location header", { details: [{ where: http.target.origin, message: "expected Location on 202" }] });
  return new URL(location, http.target.origin).href;
}
