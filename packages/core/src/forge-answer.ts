import type { z } from "zod";
import { RelmError } from "./errors.ts";

export interface ForgeAnswerContext {
  /** The forge's name as users know it (GitHub, GitLab). */
  forge: string;
  code: string;
  /** What usually puts an unexpected answer in the way on that forge. */
  hint: string;
}

/**
 * Parses a forge's answer into the shape relm relies on. Anything else fails naming the endpoint and
 * the first fields that differ, because a proxy or an old server answering is only found from there.
 */
export function parseForgeAnswer<S extends z.ZodType>(ctx: ForgeAnswerContext, endpoint: string, schema: S, data: unknown): z.infer<S> {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const details = parsed.error.issues.slice(0, 5).map((issue) => ({
    where: `${endpoint} ${issue.path.join(".") || "(body)"}`,
    message: issue.message,
  }));
  const first = details[0] ? `: ${details[0].where} ${details[0].message}` : "";
  throw new RelmError(ctx.code, "external", `${ctx.forge} answered ${endpoint} with an unexpected shape${first}`, { hint: ctx.hint, details });
}
