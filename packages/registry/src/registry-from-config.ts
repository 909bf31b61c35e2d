import { registrySchema, type RegistryContext } from "@relm/core";
import { registerRegistryBackend } from "./backends.ts";
import { fileRegistry } from "./file-backend.ts";
import { ociRegistry } from "./oci/oci-backend.ts";
import { parseOciUrl } from "./oci/oci-url.ts";

/** Credentials for an OCI registry from the environment: relm's own names first, then the CI host's. */
function ociCredentials(context: RegistryContext, options: { usernameEnv?: string; passwordEnv?: string }) {
  const env = context.env;
  const username = options.usernameEnv ? env[options.usernameEnv] : (env.RELM_REGISTRY_USERNAME ?? env.CI_REGISTRY_USER ?? env.GITHUB_ACTOR);
  const password = options.passwordEnv ? env[options.passwordEnv] : (env.RELM_REGISTRY_PASSWORD ?? env.CI_REGISTRY_PASSWORD ?? env.GITHUB_TOKEN);
  return username && password ? { username, password } : undefined;
}

registerRegistryBackend("file", (url, context) => fileRegistry(url, context.cwd));
registerRegistryBackend("oci", (url, context) => {
  const options = registrySchema.parse({ url, ...context.options });
  const credentials = ociCredentials(context, options);
  return ociRegistry(parseOciUrl(url, options.insecure), {
    fetch: context.fetch ?? globalThis.fetch,
    retries: options.retries,
    ...(credentials ? { credentials } : {}),
    lock: { settleMs: options.lockSettleMs },
  });
});
