import type { OciHttp, OciResponse } from "./oci-http.ts";

export const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
export const RELEASE_ARTIFACT_TYPE = "application/vnd.relm.release.v1+json";
export const EMPTY_MEDIA_TYPE = "application/vnd.oci.empty.v1+json";
/** The OCI "empty" descriptor's content: `{}`. */
export const EMPTY_JSON = new TextEncoder().encode("{}");
export const EMPTY_DIGEST = "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";
export const TITLE = "org.opencontainers.image.title";
export const VERSION = "org.opencontainers.image.version";

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
}

export interface Manifest {
  schemaVersion: 2;
  mediaType: string;
  artifactType?: string;
  config: Descriptor;
  layers: Descriptor[];
  annotations?: Record<string, string>;
}

/** A manifest whose config is the empty descriptor (OCI 1.1 artifact guidance). */
export function artifactManifest(artifactType: string, layers: Descriptor[], annotations: Record<string, string>): Manifest {
  return { schemaVersion: 2, mediaType: OCI_MANIFEST, artifactType, config: { mediaType: EMPTY_MEDIA_TYPE, digest: EMPTY_DIGEST, size: 2 }, layers, annotations };
}

/** Tags allow `[A-Za-z0-9_][A-Za-z0-9._-]{0,127}`: `pkg@1.0.0+build` is filed as `pkg_1.0.0_build` (the record keeps the real key). */
export function tagFor(key: string): string {
  const tag = key.replace(/[^A-Za-z0-9._-]/g, "_").replace(/^[.-]/, "_");
  return tag.slice(0, 128);
}

export async function getManifest(http: OciHttp, reference: string): Promise<{ manifest: Manifest; digest: string } | undefined> {
  const response = await http.request(`/v2/${http.target.repository}/manifests/${reference}`, { headers: { accept: OCI_MANIFEST }, accept: [404] });
  if (response.status === 404) {
    await response.body?.cancel();
    return undefined;
  }
  const manifest = (await response.json()) as Manifest;
  return { manifest, digest: response.headers.get("docker-content-digest") ?? "" };
}

export async function putManifest(http: OciHttp, reference: string, manifest: Manifest): Promise<string> {
  const response = await http.request(`/v2/${http.target.repository}/manifests/${reference}`, {
    method: "PUT",
    headers: { "content-type": OCI_MANIFEST },
    body: JSON.stringify(manifest),
  });
  await response.body?.cancel();
  return response.headers.get("docker-content-digest") ?? "";
}

/** Every tag of the repository, following `Link: <...>; rel="next"` pages. */
export async function listTags(http: OciHttp): Promise<string[]> {
  const tags: string[] = [];
  let next: string | undefined = `/v2/${http.target.repository}/tags/list?n=1000`;
  while (next) {
    const response: OciResponse = await http.request(next, { accept: [404] });
    if (response.status === 404) {
      await response.body?.cancel();
      return tags;
    }
    const body = (await response.json()) as { tags?: string[] | null };
    tags.push(...(body.tags ?? []));
    const link = response.headers.get("link");
    next = link ? /<([^>]+)>;\s*rel="?next"?/.exec(link)?.[1] : undefined;
  }
  return tags;
}
