import { z } from "zod";
import semverDiff from "semver/functions/diff.js";
import valid from "semver/functions/valid.js";
import type { EventOf } from "../record/event-record-schema.ts";
import type { ReleaseRecord } from "../record/release-record-schema.ts";
import type { ChainReport } from "../record/verify-chain.ts";

// The record keeps the plan and the gate decision as JSON values; the report reads only the few
// fields it needs, leniently, so a record written by an older relm still counts.
const planShape = z.object({
  packages: z.array(z.object({ name: z.string(), bump: z.string(), next: z.object({ version: z.string() }).optional(), commits: z.array(z.object({ date: z.string() })) })),
});
const decisionShape = z.object({
  riskClass: z.object({ name: z.string() }).optional(),
  override: z.object({ by: z.string(), via: z.string(), reason: z.string(), accepted: z.boolean(), lifted: z.array(z.string()) }).optional(),
  activeFreezes: z.array(z.object({ name: z.string() })).optional(),
});
const verdictShape = z.object({ ignored: z.array(z.object({ reason: z.string() })).optional() });

/** What the report needs of one release record. */
export interface ReleaseFact {
  key: string;
  version: string;
  package?: string;
  at: string;
  bump: string;
  risk: string;
  /** Dates of the release's commits (from its plan); empty when the record has no plan. */
  commitDates: string[];
  override?: { by: string; via: string; reason: string; lifted: string[] };
  freezes: string[];
  /** Candidate created → last approval, when both are recorded. */
  approval?: { from: string; to: string };
  separationOfDuties: number;
}

export interface EventsByKind {
  deployments: EventOf<"deployment">[];
  backouts: EventOf<"backout">[];
  reviews: EventOf<"review">[];
  rejected: EventOf<"rejected">[];
}

export const subjectKey = (s: { package?: string | undefined; version: string }): string => (s.package ? `${s.package}@${s.version}` : s.version);

/** Approvals not counted for separation of duties, in a verdict kept as JSON. */
export function separationRefusals(verdict: unknown): number {
  const parsed = verdictShape.safeParse(verdict);
  return parsed.success ? (parsed.data.ignored ?? []).filter((i) => i.reason === "author" || i.reason === "triggered-run").length : 0;
}

function bumpOf(record: ReleaseRecord, planned: string | undefined, previous: string | undefined): string {
  if (planned && planned !== "none") return planned;
  if (previous === undefined) return "initial";
  const diff = valid(previous) && valid(record.version) ? semverDiff(previous, record.version) : null;
  if (diff === "major" || diff === "premajor") return "major";
  if (diff === "minor" || diff === "preminor") return "minor";
  return diff === null ? "other" : "patch";
}

function approvalSpan(record: ReleaseRecord): ReleaseFact["approval"] {
  const from = record.candidate?.createdAt;
  const approved = (record.approval?.evidence ?? []).filter((e) => e.decision === "approved" && !Number.isNaN(Date.parse(e.at)));
  if (from === undefined || approved.length === 0) return undefined;
  const to = approved.reduce((a, b) => (Date.parse(b.at) > Date.parse(a.at) ? b : a)).at;
  return { from, to };
}

/** Each release record as report facts, in chain order (the previous version of a package sets the bump when no plan says). */
export function releaseFacts(chain: ChainReport): ReleaseFact[] {
  const previousOf = new Map<string, string>();
  return chain.records.map(({ record }) => {
    const plan = planShape.safeParse(record.plan);
    const planned = plan.success ? plan.data.packages.find((p) => p.next?.version === record.version && (record.package === undefined || p.name === record.package)) : undefined;
    const decision = decisionShape.safeParse(record.gate?.decision);
    const d = decision.success ? decision.data : {};
    const lane = record.package ?? "";
    const bump = bumpOf(record, planned?.bump, previousOf.get(lane));
    previousOf.set(lane, record.version);
    const fact: ReleaseFact = {
      key: subjectKey(record),
      version: record.version,
      ...(record.package === undefined ? {} : { package: record.package }),
      at: record.times.created,
      bump,
      risk: d.riskClass?.name ?? "unclassified",
      commitDates: (planned?.commits ?? []).map((c) => c.date).filter((t) => !Number.isNaN(Date.parse(t))),
      freezes: (d.activeFreezes ?? []).map((f) => f.name),
      separationOfDuties: separationRefusals(record.approval?.verdict),
    };
    if (d.override?.accepted) fact.override = { by: d.override.by, via: d.override.via, reason: d.override.reason, lifted: d.override.lifted };
    const span = approvalSpan(record);
    if (span) fact.approval = span;
    return fact;
  });
}

/** The chain's events by kind, in chain order. */
export function eventsByKind(chain: ChainReport): EventsByKind {
  const out: EventsByKind = { deployments: [], backouts: [], reviews: [], rejected: [] };
  for (const { event } of chain.events) {
    if (event.event === "deployment") out.deployments.push(event);
    else if (event.event === "backout") out.backouts.push(event);
    else if (event.event === "review") out.reviews.push(event);
    else if (event.event === "rejected") out.rejected.push(event);
  }
  return out;
}
