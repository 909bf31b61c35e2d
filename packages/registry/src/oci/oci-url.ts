import { RelmError } from "@relm/core/errors";
import { withoutUserinfo } from "@relm/core/policy/shown-url";
import type { OciTarget } from "./oci-http.ts";

/** `oci://HOST[:PORT]/REPO` -> origin + repository; plain HTTP only when asked (`insecure`). */
export function parseOciUrl(url: string, insecure: boolean): OciTarget {
  // Userinfo (`oci://user:token@host/repo`) is credentials, read by ociUrlCredentials: never part of
  // the origin, which is printed as the registry's location.
  const match = /^oci:\/\/(?:[^/@]*@)?([^/@]+)\/(.+)$/.exec(url);
  const repository = match?.[2]?.replace(/\/+$/, "");
  if (!match?.[1] || !repository || !/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/.test(repository)) {
    throw new RelmError("RELM_REGISTRY_URL", "config", `registry url ${JSON.stringify(withoutUserinfo(url))} is not oci://HOST[:PORT]/REPO`, {
      details: [{ where: "registry.url", message: "expected e.g. oci://ghcr.io/org/releases (repository: lower-case path components)" }],
    });
  }
  const host = match[1];
  return { origin: `${insecure ? "http" : "https"}://${host}`, repository };
}

/** The user name and password written into an `oci://user:password@host/repo` URL, decoded. */
export function ociUrlCredentials(url: string): { username: string; password: string } | undefined {
  const userinfo = /^oci:\/\/([^/@]*)@/.exec(url)?.[1];
  if (userinfo === undefined) return undefined;
  const colon = userinfo.indexOf(":");
  const decode = (s: string): string => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  const username = decode(colon === -1 ? userinfo : userinfo.slice(0, colon));
  const password = colon === -1 ? "" : decode(userinfo.slice(colon + 1));
  return username !== "" && password !== "" ? { username, password } : undefined;
}
