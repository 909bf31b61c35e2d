// The parts of GitLab's REST answers relm relies on (docs.gitlab.com/api/...); extra fields are ignored.
import { z } from "zod";

const user = z.looseObject({ id: z.number().int(), username: z.string().min(1) });

export const tagSchema = z.looseObject({
  name: z.string(),
  target: z.string(),
  message: z.string().nullable().optional(),
  commit: z.looseObject({ id: z.string().regex(/^[0-9a-f]{40,64}$/) }),
});

export const releaseSchema = z.looseObject({
  tag_name: z.string(),
  name: z.string().nullable(),
  description: z.string().nullable(),
  upcoming_release: z.boolean().optional(),
  _links: z.looseObject({ self: z.string().optional() }).optional(),
  milestones: z.array(z.looseObject({ title: z.string() })).optional(),
  assets: z.looseObject({ links: z.array(z.looseObject({ id: z.number().int(), name: z.string(), url: z.string() })).optional() }).optional(),
});

export const releaseLinkSchema = z.looseObject({
  id: z.number().int(),
  name: z.string(),
  url: z.string(),
  link_type: z.string().optional(),
});

const ciStatus = z.enum([
  "created", "waiting_for_resource", "preparing", "waiting_for_callback", "pending", "running",
  "success", "failed", "canceled", "canceling", "skipped", "manual", "scheduled",
]);
export type CiStatus = z.infer<typeof ciStatus>;

export const pipelineSchema = z.looseObject({
  id: z.number().int(),
  sha: z.string(),
  ref: z.string().nullable().optional(),
  status: ciStatus,
  source: z.string().optional(),
  web_url: z.string().optional(),
  updated_at: z.string().nullable().optional(),
});

export const commitStatusSchema = z.looseObject({
  id: z.number().int(),
  sha: z.string(),
  name: z.string(),
  status: ciStatus,
  target_url: z.string().nullable().optional(),
  allow_failure: z.boolean().optional(),
});

export const deploymentApprovalSchema = z.looseObject({
  user: user,
  status: z.enum(["approved", "rejected"]),
  created_at: z.string(),
  comment: z.string().nullable().optional(),
});

export const deploymentSchema = z.looseObject({
  id: z.number().int(),
  iid: z.number().int(),
  ref: z.string(),
  sha: z.string(),
  status: z.enum(["created", "running", "success", "failed", "canceled", "skipped", "blocked"]),
  created_at: z.string(),
  updated_at: z.string(),
  finished_at: z.string().nullable().optional(),
  environment: z.looseObject({ id: z.number().int().optional(), name: z.string() }),
  deployable: z
    .looseObject({ id: z.number().int(), tag: z.boolean().optional(), pipeline: z.looseObject({ id: z.number().int() }).nullable().optional() })
    .nullable()
    .optional(),
  approvals: z.array(deploymentApprovalSchema).optional(),
  pending_approval_count: z.number().int().optional(),
});

export const freezePeriodSchema = z.looseObject({
  id: z.number().int(),
  freeze_start: z.string().min(1),
  freeze_end: z.string().min(1),
  cron_timezone: z.string().nullable().optional(),
});

export const jobSchema = z.looseObject({
  id: z.number().int(),
  name: z.string(),
  status: ciStatus,
  started_at: z.string().nullable().optional(),
  finished_at: z.string().nullable().optional(),
  web_url: z.string().optional(),
  user: user.nullable().optional(),
  commit: z.looseObject({ id: z.string() }).nullable().optional(),
});

export const userListSchema = z.array(user);

export const memberSchema = z.looseObject({
  id: z.number().int(),
  username: z.string(),
  access_level: z.number().int(),
  state: z.string().optional(),
});

export const noteSchema = z.looseObject({
  id: z.number().int(),
  body: z.string(),
  system: z.boolean(),
  created_at: z.string(),
  updated_at: z.string().nullable().optional(),
  author: user,
});

export const currentUserSchema = z.looseObject({ id: z.number().int(), username: z.string() });

export const packageFileSchema = z.looseObject({
  id: z.number().int(),
  file_name: z.string(),
  size: z.number().int().optional(),
  file_sha256: z.string().nullable().optional(),
});
