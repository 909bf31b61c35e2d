// Owned by the registry (issue 6): where releases are stored.
import { z } from "zod";

export const registrySchema = z
  .strictObject({
    url: z
      .string()
      .min(1)
      .regex(/^(?:file:\S.*|oci:\/\/[^/\s]+\/\S+|github-release:\S*|gitlab-package:\S*)$/, "expected file:DIR, oci://HOST[:PORT]/REPO, github-release: or gitlab-package:NAME")
      .default("file:.relm/registry")
      .describe("file:DIR (relative to the repository root), oci://HOST[:PORT]/REPO, github-release: or gitlab-package:NAME"),
    insecure: z
      .boolean()
      .default(false)
      .describe("oci: talk plain HTTP instead of HTTPS (for a registry on 127.0.0.1 or a private network)."),
    usernameEnv: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
      .optional()
      .describe("oci: environment variable holding the user name (default RELM_REGISTRY_USERNAME, then CI_REGISTRY_USER, GITHUB_ACTOR)."),
    passwordEnv: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
      .optional()
      .describe("oci: environment variable holding the password or token (default RELM_REGISTRY_PASSWORD, then CI_REGISTRY_PASSWORD, GITHUB_TOKEN)."),
    lockSettleMs: z
      .number()
      .int()
      .min(50)
      .max(60_000)
      .default(1000)
      .describe("oci: how long a publisher waits after claiming the registry's lock tag before trusting the claim (must exceed one request's round trip)."),
    retries: z.number().int().min(0).max(10).default(4).describe("Retries of a transient failure (5xx, 429, connection reset) per request."),
  })
  .describe("The release registry (Definitive Software Library).");

export type RegistryConfig = z.infer<typeof registrySchema>;
