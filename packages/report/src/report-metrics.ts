import type { Figure, Report } from "@relm/core/report/report-schema";

/** A metric name from free text: lower case, [a-z0-9_] only (environment names are free text). */
const metric = (...parts: string[]): string => `relm_${parts.join("_").toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "")}`;

/**
 * The figures as a GitLab metrics report (one `name value` a line, OpenMetrics text), which a merge
 * request shows beside the target branch's. A figure with too little data is left out rather than
 * written as 0, which would read as a real change.
 */
export function reportMetrics(r: Report): string {
  const rows: Array<[string, Figure | undefined]> = [
    [metric("releases"), r.releases.total],
    ...Object.entries(r.deploymentFrequency).map(([env, f]): [string, Figure] => [metric("deployments_per_week", env), f]),
    [metric("lead_time_to_release_hours_median"), r.leadTime.toRelease.median],
    [metric("lead_time_to_release_hours_p90"), r.leadTime.toRelease.p90],
    [metric("lead_time_to_deployment_hours_median", r.environment), r.leadTime.toDeployment.median],
    [metric("lead_time_to_deployment_hours_p90", r.environment), r.leadTime.toDeployment.p90],
    [metric("change_failure_rate", r.environment), r.changeFailureRate],
    [metric("time_to_restore_hours_median", r.environment), r.timeToRestore.median],
    [metric("approval_latency_hours_median"), r.approvals.latency.median],
    [metric("separation_of_duties_refusals"), r.approvals.separationOfDuties],
    [metric("gate_refusals"), r.gateRefusals.total],
    [metric("schedule_adherence"), r.schedule.adherence],
  ];
  return rows.flatMap(([name, f]) => (f && f.value !== null ? [`${name} ${f.value}`] : [])).join("\n") + "\n";
}
