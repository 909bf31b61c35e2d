import type { RegistryContext } from "@relm/core";
import { registerRegistryBackend } from "./backends.ts";

/** Credentials for an OCI registry from the environment: relm's own names first, then the CI host's. */
function ociCredentials(context: RegistryContext, options: { usernameEnv?: string; passwordEnv?: string }) {
  const env = context.env;
  const username = options.usernameEnv ? env[options.usernameEnv] : (env.RELM_REGISTRY_USERNAME ?? env.CI_REGISTRY_USER ?? env.GITHUB_ACTOR);
  const password = options.passwordEnv ? env[options.passwordEnv] : (env.RELM_REGISTRY_PASSWORD ?? env.CI_REGISTRY_PASSWORD ?? env.GITHUB_TOKEN);
  return username && password ? { username, password } : undefined;
}

// Each backend is imported when a URL of its scheme is opened: a file: run never loads the OCI client.
registerRegistryBackend("file", async (url, context) => (await import("./file-backend.ts")).fileRegistry(url, context.cwd));
registerRegistryBackend("oci", async (url, context) => {
  const [{ registrySchema }, { ociRegistry }, { parseOciUrl, ociUrlCredentials }] = await Promise.all([import("@relm/core/policy/registry-schema"), import("./oci/oci-backend.ts"), import("./oci/oci-url.ts")]);
  const options = registrySchema.parse({ url, ...context.options });
  const credentials = ociUrlCredentials(url) ?? ociCredentials(context, options);
  return ociRegistry(parseOciUrl(url, options.insecure), {
    ...(context.fetch ? { fetch: context.fetch } : {}),
    retries: options.retries,
    ...(credentials ? { credentials } : {}),
    lock: { settleMs: options.lockSettleMs },
  });
});

/** Opening through this module makes sure the built-in backends (file:, oci:) are registered. */
export { openRegistry, registrySchemeOf } from "./backends.ts";
