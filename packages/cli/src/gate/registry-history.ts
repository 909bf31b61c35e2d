import type { Command } from "commander";
import type { ReleaseHistory } from "@relm/core/deploy/release-history";
import { verifiedHistory } from "@relm/core/usecases/deploy";
import { openProjectRegistry } from "../commands/registry-run.ts";

/**
 * The deployments, failures and releases the registry's chain recorded, which the gate reads before
 * the forge's: a local run and CI then judge one history. A chain that fails verification is an
 * error, not "no history": promotion is never judged from records that may be forged.
 */
export async function registryHistory(command: Command): Promise<ReleaseHistory> {
  const { registry } = await openProjectRegistry(command);
  return verifiedHistory(registry);
}
