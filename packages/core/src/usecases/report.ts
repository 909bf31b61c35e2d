import type { Registry } from "../ports/registry.ts";
import { verifyChain } from "../record/verify-chain.ts";
import { computeReport, type ReportWindow } from "../report/index.ts";
import type { Report } from "../report/report-schema.ts";
import type { GatePolicy } from "../policy/gate-schema.ts";
import { slotsBetween } from "../policy/schedule-slots.ts";

/**
 * REPORT: the KPI figures over a window of the registry's chain. The chain is verified as it is read;
 * its problems are counted in the report (and `relm verify` names them) rather than hiding the figures.
 */
export async function reportReleases(window: ReportWindow, ports: { registry: Registry; policy?: GatePolicy | undefined }): Promise<Report> {
  const chain = verifyChain(await ports.registry.records(), await ports.registry.head());
  const schedule = ports.policy?.schedule;
  // Slots that opened in the window: one still open at its start was planned before it.
  const slots = schedule ? slotsBetween(schedule, ports.policy?.timeZone ?? "UTC", Date.parse(window.since), Date.parse(window.until)).filter((s) => s.start >= Date.parse(window.since)) : undefined;
  return computeReport(chain, { ...window, ...(slots ? { slots } : {}) });
}
