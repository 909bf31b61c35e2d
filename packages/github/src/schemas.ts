import { z } from "zod";

// The parts of GitHub's answers relm relies on. Extra fields are ignored; a missing or mistyped
// field fails parsing with the endpoint named (see call.ts).

export const gitRefSchema = z.object({
  ref: z.string(),
  object: z.object({ type: z.string(), sha: z.string().regex(/^[0-9a-f]{40,64}$/) }),
});

export const gitTagSchema = z.object({
  sha: z.string(),
  tag: z.string(),
  message: z.string(),
  object: z.object({ type: z.string(), sha: z.string() }),
});

export const assetSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  size: z.number().int(),
  state: z.string(),
  content_type: z.string(),
  browser_download_url: z.string(),
  digest: z.string().nullable().optional(),
});

export const releaseSchema = z.object({
  id: z.number().int(),
  tag_name: z.string(),
  name: z.string().nullable(),
  body: z.string().nullable().optional(),
  draft: z.boolean(),
  prerelease: z.boolean(),
  html_url: z.string(),
  upload_url: z.string(),
  assets: z.array(assetSchema).optional(),
});
export type GitHubRelease = z.infer<typeof releaseSchema>;

export const checkRunSchema = z.object({
  name: z.string(),
  status: z.string(),
  conclusion: z.string().nullable(),
  html_url: z.string().nullable().optional(),
});

export const combinedStatusSchema = z.object({
  statuses: z.array(
    z.object({
      context: z.string(),
      state: z.string(),
      target_url: z.string().nullable().optional(),
    }),
  ),
});

export const deploymentSchema = z.object({
  id: z.number().int(),
  sha: z.string(),
  ref: z.string(),
  environment: z.string(),
  created_at: z.string(),
  payload: z.union([z.record(z.string(), z.unknown()), z.string()]),
});

export const deploymentStatusSchema = z.object({
  state: z.string(),
  created_at: z.string(),
});

export const environmentApprovalSchema = z.object({
  environments: z.array(z.object({ name: z.string().optional() })),
  state: z.enum(["approved", "rejected", "pending"]),
  user: z.object({ login: z.string() }),
  comment: z.string(),
});

export const teamMembershipSchema = z.object({
  state: z.enum(["active", "pending"]),
  role: z.string(),
});

export const issueSchema = z.object({
  number: z.number().int(),
  html_url: z.string(),
  state: z.string(),
});

export const issueCommentSchema = z.object({
  id: z.number().int(),
  body: z.string().optional(),
  html_url: z.string(),
  created_at: z.string(),
  updated_at: z.string().optional(),
  user: z.object({ login: z.string() }).nullable(),
});
