import { describe, expect, it } from "vitest";
import {
  buildCandidate,
  cabRuleSchema,
  collectingRuntime,
  fixedClock,
  release,
  TagConflictError,
  type ApprovalEvidence,
  type GateStepResult,
  type PlanStepResult,
  type PublishedRecord,
  type ReleaseRunPorts,
  type ReleaseRefusal,
  type ReleaseSteps,
} from "../src/index.ts";

const HEAD = "f".repeat(40);
const clock = fixedClock(new Date("2026-03-10T12:00:00Z"));
const plan: PlanStepResult = {
  targets: [{ version: "1.3.0", tag: "v1.3.0", commit: HEAD, notes: "### Features\n\n- greet\n" }],
  commits: [{ authorName: "Dave", authorEmail: "dave@example.com" }],
  range: { from: "v1.2.0", to: HEAD, commits: 2 },
};
const rule = cabRuleSchema.parse({ users: ["alice", "dave"] });

/** A world with real idempotency rules: tags never move, a record is written once. */
function world(options: { gate?: GateStepResult; plan?: PlanStepResult; approvers?: string[]; evidence?: Partial<ApprovalEvidence> } = {}) {
  const calls: string[] = [];
  const refusals: ReleaseRefusal[] = [];
  const tags = new Map<string, string>();
  const records = new Map<string, PublishedRecord>();
  let crashPublishOnce = false;
  const steps: ReleaseSteps = {
    gate: async () => (calls.push("gate"), options.gate ?? { allowed: true, reasons: ["branch main is allowed"] }),
    plan: async () => {
      calls.push("plan");
      const p = options.plan ?? plan;
      // A tagged version is the last release: nothing new to plan.
      return p.targets.every((t) => tags.has(t.tag)) ? { ...p, targets: [], commits: [] } : p;
    },
    unfinished: async () => {
      calls.push("unfinished");
      const p = options.plan ?? plan;
      return p.targets.some((t) => tags.get(t.tag) === t.commit && !records.has(t.version)) ? p : undefined;
    },
    candidate: async (p) => buildCandidate({ repository: "demo", commit: p.range.to, targets: p.targets, policy: { file: ".relm.yml", text: "approval: {}\n" } }),
    refused: async (refusal) => void refusals.push(refusal),
    publish: async (input) => {
      calls.push("publish");
      if (crashPublishOnce) {
        crashPublishOnce = false;
        throw new Error("killed");
      }
      return input.plan.targets.map((t) => {
        const existing = records.get(t.version);
        const r: PublishedRecord = existing ?? { version: t.version, tag: t.tag, digest: `sha256:${"0".repeat(64)}`, artifacts: [], written: true };
        records.set(t.version, r);
        return existing ? { ...existing, written: false } : r;
      });
    },
  };
  const evidence = (): ApprovalEvidence[] => (options.approvers ?? ["alice"]).map((user) => ({ user, decision: "approved", at: "2026-03-10T11:59:00Z", source: "cli", ...options.evidence }));
  const runtime = collectingRuntime();
  const ports: ReleaseRunPorts = {
    steps,
    tags: {
      tags: {
        async createTag({ name, commit }) {
          calls.push(`tag ${name}`);
          const at = tags.get(name);
          if (at && at !== commit) throw new TagConflictError(name, at, commit);
          tags.set(name, commit);
          return { created: at === undefined };
        },
      },
    },
    approvals: { approvals: async () => (calls.push("approvals"), evidence()) },
    clock,
    runtime,
  };
  return { ports, calls, tags, records, runtime, refusals, crashNextPublish: () => void (crashPublishOnce = true) };
}

describe("release", () => {
  it("runs gate, plan, approve, tag and publish in order and shows each step", async () => {
    const w = world();
    const result = await release({ rule }, w.ports);
    expect(result.status).toBe("released");
    expect(w.calls).toEqual(["gate", "unfinished", "plan", "approvals", "tag v1.3.0", "publish"]);
    const digest = result.candidate?.digest ?? "";
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(w.runtime.lines.filter((l) => l.startsWith("== "))).toEqual([
      "== 1/5 gate: may this release go on?",
      "== 2/5 plan: next version, release notes and the release candidate",
      `== 3/5 approve: is this a valid CAB sign-off of ${digest.slice(0, 19)}?`,
      "== 4/5 tag: annotated tag and release notes",
      "== 5/5 publish: release record into the registry",
    ]);
    expect(w.runtime.lines).toContain(`release candidate ${digest}`);
    expect(result.approval?.evidence[0]?.candidate).toBe(digest);
    expect(w.runtime.summaries[0]).toContain(digest);
    expect(w.runtime.lines).toContain("1.3.0 (tag v1.3.0; v1.2.0..ffffffffffff, 2 commits)");
    expect(w.runtime.lines).toContain(`created annotated tag v1.3.0 on ${HEAD.slice(0, 12)}`);
    expect(w.runtime.lines).toContain("counted: alice (CAB member, cli at 2026-03-10T11:59:00Z)");
    expect(w.runtime.lines.some((l) => l.startsWith("published 1.3.0: record sha256:"))).toBe(true);
  });

  it("stops at a denying gate, saying why, before anything is planned or tagged", async () => {
    const w = world({ gate: { allowed: false, reasons: ["RELM_GATE_BRANCH: branch feature/x is not allowed"] } });
    const result = await release({ rule }, w.ports);
    expect(result).toMatchObject({ status: "refused", refusedAt: "gate", reasons: ["RELM_GATE_BRANCH: branch feature/x is not allowed"] });
    expect(w.calls).toEqual(["gate"]);
    expect(w.runtime.lines).toContain("error:   RELM_GATE_BRANCH: branch feature/x is not allowed");
    expect(w.refusals).toMatchObject([{ step: "gate", outcome: "denied" }]);
  });

  it("says there is nothing to release when no commit calls for one", async () => {
    const w = world({ plan: { ...plan, targets: [], commits: [] } });
    const result = await release({ rule }, w.ports);
    expect(result.status).toBe("nothing-to-release");
    expect(w.calls).toEqual(["gate", "unfinished", "plan"]);
  });

  it("refuses at approve when the author signs off their own release, and publishes nothing", async () => {
    const w = world({ approvers: ["dave"] });
    const result = await release({ rule }, w.ports);
    expect(result).toMatchObject({ status: "refused", refusedAt: "approve" });
    expect(result.reasons).toEqual(["dave authored a commit in this release and may not approve it [author]", "0 of 1 required CAB approval", "1 more CAB approval needed", "not a valid CAB sign-off"]);
    expect(result.approval?.verdict.ignored[0]?.reason).toBe("author");
    expect(w.records.size).toBe(0);
    expect(w.tags.size).toBe(0);
    expect(w.calls).not.toContain("publish");
    expect(w.refusals).toMatchObject([{ step: "approve", outcome: "missing", candidate: { digest: result.candidate?.digest } }]);
  });

  it("leaves no tag and records a rejected event when a CAB member says no", async () => {
    const w = world({ evidence: { decision: "rejected", comment: "not during the sale" } });
    const result = await release({ rule }, w.ports);
    expect(result).toMatchObject({ status: "refused", refusedAt: "approve" });
    expect(w.tags.size).toBe(0);
    expect(w.calls).toEqual(["gate", "unfinished", "plan", "approvals"]);
    expect(w.refusals).toMatchObject([{ step: "approve", outcome: "rejected" }]);
  });

  it("records an expired sign-off as expired", async () => {
    const w = world({ evidence: { at: "2026-03-01T00:00:00Z" } });
    const result = await release({ rule }, w.ports);
    expect(result.refusedAt).toBe("approve");
    expect(w.refusals[0]?.outcome).toBe("expired");
  });

  it("does not count an approval given for another candidate", async () => {
    const w = world({ evidence: { candidate: `sha256:${"1".repeat(64)}` } });
    const result = await release({ rule }, w.ports);
    expect(result.refusedAt).toBe("approve");
    expect(result.approval?.verdict.ignored[0]?.reason).toBe("other-candidate");
    expect(w.tags.size).toBe(0);
  });

  it("refuses a release that is not the signed candidate, naming what differs, before any approval is read", async () => {
    const signed = buildCandidate({ repository: "demo", commit: "e".repeat(40), targets: plan.targets, policy: { file: ".relm.yml", text: "approval: {}\n" } });
    const w = world();
    const result = await release({ rule, signed }, w.ports);
    expect(result).toMatchObject({ status: "refused", refusedAt: "plan" });
    expect(result.reasons[0]).toMatch(/^RELM_CANDIDATE_MISMATCH/);
    expect(result.reasons.some((r) => r.startsWith("commit: signed at commit eeeeeeeeeeee"))).toBe(true);
    expect(w.calls).not.toContain("approvals");
    expect(w.tags.size).toBe(0);
    expect(w.refusals[0]?.outcome).toBe("mismatch");
  });

  it("finishes a tagged but unpublished release on the next run, without a second tag or record", async () => {
    const w = world();
    w.crashNextPublish();
    await expect(release({ rule }, w.ports)).rejects.toThrow("killed");
    expect(w.tags.get("v1.3.0")).toBe(HEAD);
    w.calls.length = 0;
    const again = await release({ rule }, w.ports);
    expect(again).toMatchObject({ status: "released", resumed: true });
    expect(again.tag?.outcomes[0]?.tagCreated).toBe(false);
    expect(w.calls).toEqual(["gate", "unfinished", "approvals", "tag v1.3.0", "publish"]);
    expect(w.records.size).toBe(1);
    const third = await release({ rule }, w.ports);
    expect(third.status).toBe("nothing-to-release");
  });

  it("stops at tag when the tag exists on another commit", async () => {
    const w = world();
    w.tags.set("v1.3.0", "e".repeat(40));
    w.ports.steps.plan = async () => plan;
    const result = await release({ rule }, w.ports);
    expect(result).toMatchObject({ status: "refused", refusedAt: "tag" });
    expect(result.reasons[0]).toMatch(/^RELM_TAG_CONFLICT: tag v1\.3\.0 already exists/);
    expect(w.calls).not.toContain("publish");
  });

  it("needs no sign-off when no CAB rule applies", async () => {
    const w = world();
    const result = await release({}, w.ports);
    expect(result.status).toBe("released");
    expect(w.calls).not.toContain("approvals");
  });

  it("on a dry run judges everything and writes nothing", async () => {
    const w = world({ approvers: [] });
    const result = await release({ rule, dryRun: true }, w.ports);
    expect(result.status).toBe("dry-run");
    expect(w.refusals).toEqual([]);
    expect(result.reasons).toContain("not a valid CAB sign-off");
    expect(w.tags.size).toBe(0);
    expect(w.calls).not.toContain("publish");
    expect(w.runtime.lines).toContain(`would create annotated tag v1.3.0 on ${HEAD.slice(0, 12)}`);
  });

  it("judges by the CAB rule the gate names, over the one it was given", async () => {
    const w = world({ gate: { allowed: true, reasons: [], approvalRule: cabRuleSchema.parse({ users: ["alice", "bob"], quorum: 2 }) } });
    const result = await release({ rule }, w.ports);
    expect(result).toMatchObject({ status: "refused", refusedAt: "approve" });
    expect(result.approval?.verdict).toMatchObject({ quorum: 2, missing: 1 });
  });

  it("leaves a job summary with a row per step, escaping untrusted text", async () => {
    const w = world({ gate: { allowed: false, reasons: ["RELM_GATE_BRANCH: branch <b>x</b> | y"] } });
    await release({ rule }, w.ports);
    const [summary] = w.runtime.summaries;
    expect(summary).toContain("## relm release: refused at gate");
    expect(summary).toContain("| gate | **refused**: RELM\\_GATE\\_BRANCH: branch &lt;b&gt;x&lt;/b&gt; \\| y |");
    expect(summary).toContain("| publish | not run |");
    const ok = world();
    await release({ rule }, ok.ports);
    expect(ok.runtime.summaries[0]).toContain("| approve | valid: alice (1/1) |");
    expect(ok.runtime.summaries[0]).toContain("### Features");
  });
});
