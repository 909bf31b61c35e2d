import type { ReleaseFacts } from "@relm/core";

/** The facts of a release as the planner, gate and approve steps would hand them to publish. */
export function facts(version: string, overrides: Partial<ReleaseFacts> = {}): ReleaseFacts {
  return {
    project: "demo",
    version,
    tag: `v${version}`,
    commit: "a".repeat(40),
    range: { to: "a".repeat(40) },
    notes: `## ${version}\n\n- something\n`,
    environment: "production",
    gate: { allowed: true, policyRevision: "b".repeat(40), decision: { allowed: true, violations: [] } },
    approval: { valid: true, evidence: [{ user: "alice", decision: "approved", at: "2026-01-01T00:00:00Z", source: "cli" }] },
    pipeline: { provider: "local" },
    ...overrides,
  };
}

export function bytes(text: string): () => AsyncIterable<Uint8Array> {
  return async function* () {
    yield new TextEncoder().encode(text);
  };
}
