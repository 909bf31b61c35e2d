import type { Registry } from "../ports/registry.ts";
import { verifyChain } from "../record/verify-chain.ts";
import { computeReport, type ReportWindow } from "../report/index.ts";
import type { Report } from "../report/report-schema.ts";

/**
 * REPORT: the KPI figures over a window of the registry's chain. The chain is verified as it is read;
 * its problems are counted in the report (and `relm verify` names them) rather than hiding the figures.
 */
export async function reportReleases(window: ReportWindow, ports: { registry: Registry }): Promise<Report> {
  const chain = verifyChain(await ports.registry.records(), await ports.registry.head());
  return computeReport(chain, window);
}
