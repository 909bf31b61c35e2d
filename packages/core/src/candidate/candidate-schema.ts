import { z } from "zod";

const digest = z.string().regex(/^sha256:[0-9a-f]{64}$/, "sha256:<64 hex>");

/**
 * The release candidate: everything the CAB signs, and nothing that changes when the same release is
 * computed again (no times, no run ids). Approve, tag and publish each compute it anew from the
 * checkout and refuse to go on when it is not the candidate that was signed.
 */
export const releaseCandidateSchema = z.strictObject({
  schema: z.literal("relm.candidate/v1"),
  repository: z.string().min(1).describe("The project (owner/repo on a forge, `project:` of .relm.yml, or the directory's name)."),
  commit: z.string().regex(/^[0-9a-f]{40}([0-9a-f]{24})?$/, "a full commit SHA"),
  packages: z
    .array(
      z.strictObject({
        package: z.string().min(1).optional(),
        version: z.string().min(1),
        tag: z.string().min(1),
        notes: digest.describe("sha256 of the release notes (Markdown) as they will be published."),
      }),
    )
    .min(1),
  policy: z.strictObject({
    file: z.string().min(1),
    digest: digest.nullable().describe("sha256 of the committed policy file on the protected branch; null when the embedded defaults judged."),
  }),
  artifacts: z
    .array(z.strictObject({ name: z.string().min(1), sha256: z.string().regex(/^[0-9a-f]{64}$/), size: z.number().int().nonnegative() }))
    .describe("The artifacts when they are built before the sign-off; empty when they are built after it."),
});

export type ReleaseCandidate = z.infer<typeof releaseCandidateSchema>;

/** A candidate with the digest that names it, as plan prints it and the later steps take it. */
export interface SignedCandidate {
  digest: string;
  candidate: ReleaseCandidate;
}
