import { RelmError } from "../errors.ts";
import type { ReleaseRecord } from "./release-record-schema.ts";

export interface RollbackQuery {
  environment: string;
  /** Only this package's records (monorepos). */
  package?: string;
  /** The version running now; default: the newest record for the environment. */
  current?: string;
}

/** A record that may be gone back to: its gate allowed it and its CAB sign-off was valid. */
function passed(record: ReleaseRecord): boolean {
  // A release that needed no sign-off records none; one that needed it records only a valid one.
  return record.gate?.allowed === true && (record.approval === undefined || record.approval.valid === true);
}

/**
 * The back-out target for an environment: the newest record before the current one (in chain order)
 * that passed its gate and its approval. Records are taken as the chain orders them, not by semver,
 * because a hotfix 1.4.1 published after 2.0.0 is still older in the environment's history.
 */
export function rollbackTarget(records: readonly ReleaseRecord[], query: RollbackQuery): { current: ReleaseRecord; target: ReleaseRecord } {
  const mine = records
    .filter((r) => r.environment === query.environment && (query.package === undefined || r.package === query.package))
    .sort((a, b) => a.chain.sequence - b.chain.sequence);
  const current = query.current === undefined ? mine.at(-1) : mine.find((r) => r.version === query.current);
  if (!current) {
    throw new RelmError("RELM_ROLLBACK_NO_CURRENT", "not-found", query.current === undefined ? `no release was recorded for environment ${query.environment}` : `version ${query.current} was not recorded for environment ${query.environment}`, {
      details: [{ where: "--env", message: `${mine.length} record(s) for ${query.environment}${query.package ? ` (package ${query.package})` : ""}` }],
      hint: "Records carry the environment given to `relm publish --env`.",
    });
  }
  const target = mine.filter((r) => r.chain.sequence < current.chain.sequence && r.version !== current.version && passed(r)).at(-1);
  if (!target) {
    throw new RelmError("RELM_ROLLBACK_NONE", "not-found", `no earlier release of ${query.environment} passed its gate and approval before ${current.version}`, {
      details: mine.filter((r) => r.chain.sequence < current.chain.sequence).map((r) => ({ where: r.version, message: `gate ${r.gate ? (r.gate.allowed ? "allowed" : "refused") : "not recorded"}, approval ${r.approval ? (r.approval.valid ? "valid" : "not valid") : "not recorded"}` })),
    });
  }
  return { current, target };
}
