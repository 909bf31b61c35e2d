import type { Command } from "commander";

/** A command registers itself on the program; one file per command keeps each one small. */
export type RegisterCommand = (program: Command) => void;

/**
 * Each command by name, loaded on demand: a run imports only the command it runs (and what that
 * command imports), since loading every command's libraries cost more than most commands' work.
 * Listed in the order `relm --help` shows them. Commands are added here as their use cases land.
 */
export const commandLoaders: Record<string, () => Promise<RegisterCommand>> = {
  init: async () => (await import("./init.ts")).registerInit,
  plan: async () => (await import("./plan.ts")).registerPlan,
  version: async () => (await import("./version.ts")).registerVersion,
  notes: async () => (await import("./notes.ts")).registerNotes,
  changelog: async () => (await import("./changelog.ts")).registerChangelog,
  prepare: async () => (await import("./prepare.ts")).registerPrepare,
  pr: async () => (await import("./pr.ts")).registerPr,
  publish: async () => (await import("./publish.ts")).registerPublish,
  verify: async () => (await import("./verify.ts")).registerVerify,
  fetch: async () => (await import("./fetch.ts")).registerFetch,
  list: async () => (await import("./list.ts")).registerList,
  rollback: async () => (await import("./rollback.ts")).registerRollback,
  deploy: async () => (await import("./deploy.ts")).registerDeploy,
  rollout: async () => (await import("./rollout.ts")).registerRollout,
  backout: async () => (await import("./backout.ts")).registerBackout,
  review: async () => (await import("./review.ts")).registerReview,
  close: async () => (await import("./close.ts")).registerClose,
  release: async () => (await import("./release.ts")).registerRelease,
  tag: async () => (await import("./tag.ts")).registerTag,
  approve: async () => (await import("./approve.ts")).registerApprove,
  gate: async () => (await import("./gate.ts")).registerGate,
  policy: async () => (await import("./policy.ts")).registerPolicy,
  report: async () => (await import("./report.ts")).registerReport,
  calendar: async () => (await import("./calendar.ts")).registerCalendar,
};
