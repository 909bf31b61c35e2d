// A registry whose KPI figures are known: five releases in the window (one before it), deployments,
// a back-out, a failed deployment, refused gates and sign-offs, all appended through the real chain
// code (publishRelease, recordEvent). The expected figures are worked out by hand in report-figures.test.ts.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { publishRelease, recordEvent, type EventFacts, type ReleaseFacts } from "@relm/core";
import { fileRegistry } from "@relm/registry";

export const FIXTURE_WINDOW = { since: "2026-01-01T00:00:00.000Z", until: "2026-04-01T00:00:00.000Z" };
const project = "shop";
const sha = (n: number): string => String(n).repeat(40).slice(0, 40);

interface Spec {
  version: string;
  at: string;
  bump?: string;
  commits?: string[];
  risk?: string;
  override?: { by: string; reason: string; lifted: string[] };
  freezes?: string[];
  candidateAt?: string;
  approvals?: string[];
  ignored?: string[];
}

function facts(s: Spec, i: number): ReleaseFacts {
  return {
    project,
    version: s.version,
    tag: `v${s.version}`,
    commit: sha(i),
    range: { to: sha(i) },
    notes: `notes ${s.version}`,
    environment: "production",
    created: s.at,
    ...(s.commits ? { plan: { schema: "relm.plan/1", packages: [{ name: project, bump: s.bump ?? "patch", next: { version: s.version, tag: `v${s.version}` }, commits: s.commits.map((date, n) => ({ hash: sha(n), date })) }] } } : {}),
    ...(s.risk
      ? { gate: { allowed: true, decision: { allowed: true, riskClass: { name: s.risk, because: "test" }, activeFreezes: (s.freezes ?? []).map((name) => ({ name })), ...(s.override ? { override: { ...s.override, via: "input", accepted: true, at: s.at, rules: ["freeze"] } } : {}) } } }
      : {}),
    ...(s.approvals
      ? { approval: { valid: true, evidence: s.approvals.map((at, n) => ({ user: `cab${n}`, decision: "approved" as const, at, source: "cli" as const })), verdict: { valid: true, ignored: (s.ignored ?? []).map((reason) => ({ reason })) } } }
      : {}),
    ...(s.candidateAt ? { candidate: { digest: `sha256:${"c".repeat(64)}`, value: {}, createdAt: s.candidateAt } } : {}),
  };
}

const releases: Spec[] = [
  { version: "0.9.0", at: "2025-12-20T10:00:00Z", bump: "minor", commits: ["2025-12-19T10:00:00Z"], risk: "standard" },
  { version: "1.0.0", at: "2026-01-05T10:00:00Z", bump: "minor", commits: ["2026-01-04T10:00:00Z", "2026-01-03T10:00:00Z"], risk: "normal", candidateAt: "2026-01-05T08:00:00Z", approvals: ["2026-01-05T09:00:00Z", "2026-01-05T10:00:00Z"] },
  { version: "1.1.0", at: "2026-01-12T10:00:00Z", bump: "minor", commits: ["2026-01-11T10:00:00Z"], risk: "standard" },
  { version: "1.1.1", at: "2026-01-20T10:00:00Z", bump: "patch", commits: ["2026-01-20T06:00:00Z"], risk: "emergency", override: { by: "alice", reason: "hotfix for the checkout outage", lifted: ["RELM_GATE_FREEZE"] }, freezes: ["holiday"], candidateAt: "2026-01-20T07:00:00Z", approvals: ["2026-01-20T08:30:00Z"] },
  { version: "2.0.0", at: "2026-02-10T10:00:00Z", bump: "major", commits: ["2026-02-01T10:00:00Z"], risk: "major", candidateAt: "2026-02-10T06:00:00Z", approvals: ["2026-02-10T09:00:00Z"], ignored: ["author"] },
  { version: "2.0.1", at: "2026-03-03T10:00:00Z" },
];

const deploy = (version: string, environment: string, id: string, status: "success" | "failure", finishedAt: string): [EventFacts, string] => [
  { project, event: "deployment", subject: { version }, at: finishedAt, detail: { environment, status, deploymentId: id, commit: sha(1), artifacts: [], finishedAt } },
  `${id}:${status}`,
];

const events: [EventFacts, string][] = [
  deploy("1.0.0", "production", "dep-1", "success", "2026-01-05T12:00:00Z"),
  deploy("1.1.0", "staging", "dep-2s", "success", "2026-01-12T11:00:00Z"),
  deploy("1.1.0", "production", "dep-2", "success", "2026-01-12T14:00:00Z"),
  [{ project, event: "backout", subject: { version: "1.1.0" }, at: "2026-01-12T16:00:00Z", detail: { environment: "production", to: "1.0.0", reason: "error rate doubled" } }, "backout-1.1.0"],
  [{ project, event: "review", subject: { version: "1.1.0" }, at: "2026-01-13T10:00:00Z", detail: { outcome: "partial", notes: "backed out" } }, "review-1.1.0"],
  [{ project, event: "rejected", subject: { version: "1.1.1" }, at: "2026-01-19T10:00:00Z", detail: { step: "gate", outcome: "denied", reasons: ["frozen", "wrong branch"], violations: ["RELM_GATE_FREEZE", "RELM_GATE_BRANCH"] } }, "gate-1"],
  [{ project, event: "rejected", subject: { version: "1.1.1" }, at: "2026-01-19T12:00:00Z", detail: { step: "gate", outcome: "denied", reasons: ["frozen"], violations: ["RELM_GATE_FREEZE"] } }, "gate-2"],
  deploy("1.1.1", "production", "dep-3", "failure", "2026-01-20T11:00:00Z"),
  deploy("1.1.1", "production", "dep-4", "success", "2026-01-20T13:00:00Z"),
  [{ project, event: "rejected", subject: { version: "2.0.0" }, at: "2026-02-05T10:00:00Z", detail: { step: "approve", outcome: "rejected", reasons: ["carol said no"] } }, "approve-1"],
  [{ project, event: "rejected", subject: { version: "2.0.0" }, at: "2026-02-06T10:00:00Z", detail: { step: "approve", outcome: "expired", reasons: ["no quorum in 24h"], verdict: { valid: false, ignored: [{ reason: "triggered-run" }] } } }, "approve-2"],
  deploy("2.0.0", "production", "dep-5", "success", "2026-02-10T12:00:00Z"),
];

/** Chain order: each release, then the events up to the next release's time. */
export async function writeReportFixture(dir: string): Promise<void> {
  const registry = fileRegistry(`file:${dir}`, dir);
  let e = 0;
  for (const [i, spec] of releases.entries()) {
    const next = releases[i + 1]?.at;
    await publishRelease({ release: facts(spec, i), artifacts: [], now: spec.at }, { registry });
    while (e < events.length && (next === undefined || Date.parse(events[e]?.[0].at ?? "") < Date.parse(next))) {
      const [event, identity] = events[e] ?? [];
      if (event && identity) await recordEvent(event, identity, { registry });
      e += 1;
    }
  }
}

export async function reportFixture(): Promise<{ dir: string; cleanup: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), "relm-report-"));
  await writeReportFixture(join(dir, "registry"));
  return { dir: join(dir, "registry"), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
