// Owned by the registry (issue 6): where releases are stored.
import { z } from "zod";

export const registrySchema = z
  .strictObject({
    url: z.string().min(1).default("file:.relm/registry").describe("file:DIR, oci://HOST/REPO, github-release: or gitlab-package:"),
  })
  .describe("The release registry (Definitive Software Library).");
