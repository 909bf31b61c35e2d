import type { Registry, RegistryContext, RegistryScheme } from "@relm/core";
import { RelmError } from "@relm/core/errors";
import { withoutUserinfo } from "@relm/core/policy/shown-url";

/** Builds the backend for one registry URL (`file:DIR` may be relative, so it is passed as text). */
export type RegistryFactory = (url: string, context: RegistryContext) => Promise<Registry> | Registry;

/**
 * One factory per URL scheme. `file` and `oci` live here; the GitHub and GitLab areas add
 * `github-release` and `gitlab-package` (registerRegistryBackend) so this package needs no forge client.
 */
export const registryBackends: Partial<Record<RegistryScheme, RegistryFactory>> = {};

export function registerRegistryBackend(scheme: RegistryScheme, factory: RegistryFactory): void {
  registryBackends[scheme] = factory;
}

const SCHEMES: readonly RegistryScheme[] = ["file", "oci", "github-release", "gitlab-package"];

/** The scheme of a registry URL, or a usage error naming the ones relm knows. */
export function registrySchemeOf(url: string): RegistryScheme {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  const known = SCHEMES.find((s) => s === scheme);
  if (!known) {
    throw new RelmError("RELM_REGISTRY_URL", "config", `registry url ${JSON.stringify(withoutUserinfo(url))} has no known scheme`, {
      details: [{ where: "registry.url", message: `expected one of ${SCHEMES.map((s) => `${s}:`).join(", ")}` }],
      hint: "Use file:.relm/registry (the default) or oci://HOST[:PORT]/REPO.",
    });
  }
  return known;
}

/** The backend a registry URL names. */
export async function openRegistry(url: string, context: RegistryContext): Promise<Registry> {
  const scheme = registrySchemeOf(url);
  const factory = registryBackends[scheme];
  if (!factory) {
    throw new RelmError("RELM_REGISTRY_BACKEND", "config", `no registry backend is available for ${scheme}: URLs in this build`, {
      details: [{ where: "registry.url", message: withoutUserinfo(url) }],
      hint: scheme === "github-release" || scheme === "gitlab-package" ? "This backend is provided by the forge adapter; run relm on that forge." : undefined,
    });
  }
  return factory(url, context);
}

