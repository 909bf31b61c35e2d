import type { Registry } from "../ports/registry.ts";
import { rollbackTarget, type RollbackQuery } from "../record/rollback-target.ts";
import type { ReleaseRecord } from "../record/release-record-schema.ts";
import { verifyChain } from "../record/verify-chain.ts";
import { RelmError } from "../errors.ts";

/** ROLLBACK: which earlier approved release to go back to, read from the (verified) records. */
export async function planRollback(query: RollbackQuery, ports: { registry: Registry }): Promise<{ current: ReleaseRecord; target: ReleaseRecord }> {
  const chain = verifyChain(await ports.registry.records(), await ports.registry.head());
  if (chain.problems.length > 0) {
    throw new RelmError("RELM_CHAIN_BROKEN", "integrity", `the registry ${ports.registry.location} fails verification; a back-out plan is not made from records that may be forged`, {
      details: chain.problems.map((p) => ({ where: p.where, message: p.message })),
      hint: "Run `relm verify` for details.",
    });
  }
  return rollbackTarget(chain.records.map((r) => r.record), query);
}
