// Writes a chain of N releases with deployments to a file registry for bench/report.ts: each release
// has a plan (three commits), a gate decision and a sign-off, is deployed to staging and production,
// and every 20th fails in production and is backed out. Links are made here (the chain is written
// through the registry port in one go, not appended one lock at a time: the bench reads, not writes).
import { eventKey, eventRecordSchema, recordDigest, recordText, releaseRecordSchema, type Registry } from "@relm/core";

const HOUR = 3_600_000;
const START = Date.parse("2020-01-06T09:00:00Z");
const iso = (t: number): string => new Date(t).toISOString();
const sha = (n: number): string => n.toString(16).padStart(40, "0");

export async function writeBenchChain(registry: Registry, releases: number): Promise<number> {
  // writeRecord is called holding the registry's lock, as appendEntry does.
  return registry.lock(() => writeAll(registry, releases));
}

async function writeAll(registry: Registry, releases: number): Promise<number> {
  let sequence = 0;
  let previous: string | null = null;
  const append = async (key: string, value: Record<string, unknown>): Promise<void> => {
    sequence += 1;
    const entry = { ...value, chain: { sequence, previous } };
    const text = recordText(entry);
    previous = recordDigest(entry);
    await registry.writeRecord({ version: key, text, artifacts: [], head: { sequence, digest: previous, version: key } });
  };
  for (let i = 0; i < releases; i++) {
    const at = START + i * 6 * HOUR;
    const version = `${1 + Math.floor(i / 1000)}.${Math.floor(i / 10) % 100}.${i % 10}`;
    const commits = [3, 2, 1].map((h) => ({ hash: sha(i * 3 + h), date: iso(at - h * 5 * HOUR) }));
    await append(version, releaseRecordSchema.parse({
      schemaVersion: 1, project: "bench", version, tag: `v${version}`, commit: sha(i), range: { to: sha(i), commits: 3 }, notes: `notes ${version}`, environment: "production",
      plan: { schema: "relm.plan/1", packages: [{ name: "bench", bump: i % 10 === 0 ? "minor" : "patch", next: { version, tag: `v${version}` }, commits }] },
      gate: { allowed: true, decision: { allowed: true, riskClass: { name: i % 50 === 0 ? "emergency" : "normal", because: "bench" }, activeFreezes: [] } },
      approval: { valid: true, evidence: [{ user: "cab", decision: "approved", at: iso(at - HOUR), source: "cli" }], verdict: { valid: true, ignored: [] } },
      candidate: { digest: `sha256:${"c".repeat(64)}`, value: {}, createdAt: iso(at - 2 * HOUR) },
      artifacts: [], times: { created: iso(at), published: iso(at) }, chain: { sequence: 1, previous: null },
    }) as unknown as Record<string, unknown>);
    const deploy = async (environment: string, status: "success" | "failure", t: number): Promise<void> => {
      const id = eventKey("deployment", `${environment}-${i}:${status}`);
      const event = { schemaVersion: 1, kind: "event", id, project: "bench", event: "deployment", subject: { version }, at: iso(t), detail: { environment, status, deploymentId: `${environment}-${i}`, commit: sha(i), artifacts: [], finishedAt: iso(t) }, chain: { sequence: 1, previous: null } };
      await append(id, eventRecordSchema.parse(event) as unknown as Record<string, unknown>);
    };
    await deploy("staging", "success", at + HOUR);
    await deploy("production", "success", at + 2 * HOUR);
    if (i % 20 === 19) {
      const id = eventKey("backout", `production-${i}`);
      await append(id, eventRecordSchema.parse({ schemaVersion: 1, kind: "event", id, project: "bench", event: "backout", subject: { version }, at: iso(at + 3 * HOUR), detail: { environment: "production", to: "previous", reason: "bench failure" }, chain: { sequence: 1, previous: null } }) as unknown as Record<string, unknown>);
    }
  }
  return sequence;
}
