import { RelmError } from "@relm/core/errors";
import type { OciTarget } from "./oci-http.ts";

/** `oci://HOST[:PORT]/REPO` -> origin + repository; plain HTTP only when asked (`insecure`). */
export function parseOciUrl(url: string, insecure: boolean): OciTarget {
  const match = /^oci:\/\/([^/]+)\/(.+)$/.exec(url);
  const repository = match?.[2]?.replace(/\/+$/, "");
  if (!match?.[1] || !repository || !/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/.test(repository)) {
    throw new RelmError("RELM_REGISTRY_URL", "config", `registry url ${JSON.stringify(url)} is not oci://HOST[:PORT]/REPO`, {
      details: [{ where: "registry.url", message: "expected e.g. oci://ghcr.io/org/releases (repository: lower-case path components)" }],
    });
  }
  const host = match[1];
  return { origin: `${insecure ? "http" : "https"}://${host}`, repository };
}
