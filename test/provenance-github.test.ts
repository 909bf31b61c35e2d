// The publish step's `attest: true` on a fake GitHub: the attestation request @actions/attest is given
// (the stored statement's subjects and predicate), made again on a re-run, and refused before anything
// is published when the job has no OIDC token. Sigstore itself is not faked: its Fulcio and Rekor are
// https-only services with fixed hosts, so the signing call is injected (see docs/registry.md).
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import type { Runtime } from "@relm/core";
import { publishStep } from "@relm/github";
import { githubRunContext } from "../packages/github/src/context.ts";
import type { AttestFunction } from "../packages/github/src/action/attest-release.ts";
import { createGitFixture, type GitFixture } from "./support/git-fixture.ts";
import { startFakeGitHub, type FakeGitHub } from "./support/fake-github/index.ts";
import { runBundledAction } from "./support/run-bundled-action.ts";

type AttestOptions = Parameters<AttestFunction>[0];

let repo: GitFixture;
let fake: FakeGitHub;
beforeEach(async () => {
  repo = createGitFixture();
  fake = await startFakeGitHub();
  repo.commit("feat: first", { files: { ".gitignore": ".relm/\n" } });
  repo.tag("v1.0.0", { message: "1.0.0" });
  repo.commit("feat: the export endpoint");
  fake.state.commits = new Set(repo.git("rev-list", "--all").split("\n"));
  mkdirSync(join(repo.dir, "dist"));
  writeFileSync(join(repo.dir, "dist", "app.tgz"), "the app");
});
afterEach(async () => {
  expect(fake.violations).toEqual([]);
  await fake.close();
  repo.cleanup();
});

function recordingRuntime(): Runtime & { lines: string[]; summaries: string[] } {
  const lines: string[] = [];
  const summaries: string[] = [];
  return {
    lines,
    summaries,
    info: (m) => lines.push(m),
    warning: (m) => lines.push(`warning: ${m}`),
    error: (m) => lines.push(`error: ${m}`),
    group: async (_title, body) => body(),
    setOutput: () => undefined,
    summary: (m) => summaries.push(m),
    mask: () => undefined,
  };
}

function jobEnv(inputs: Record<string, string>, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const dir = mkdtempSync(join(tmpdir(), "relm-attest-"));
  writeFileSync(join(dir, "event.json"), "{}");
  return {
    PATH: process.env.PATH,
    GITHUB_ACTIONS: "true",
    GITHUB_API_URL: fake.url,
    GITHUB_SERVER_URL: "https://github.com",
    GITHUB_REPOSITORY: "octo-org/app",
    GITHUB_SHA: repo.head(),
    GITHUB_REF: "refs/heads/main",
    GITHUB_EVENT_NAME: "push",
    GITHUB_EVENT_PATH: join(dir, "event.json"),
    GITHUB_RUN_ID: "3001",
    GITHUB_WORKSPACE: repo.dir,
    ...Object.fromEntries(Object.entries({ token: fake.token, "working-directory": repo.dir, artifacts: "dist/app.tgz", ...inputs }).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
    ...extra,
  };
}
const oidc = { ACTIONS_ID_TOKEN_REQUEST_URL: "http://127.0.0.1:9/token", ACTIONS_ID_TOKEN_REQUEST_TOKEN: "oidc-request-token" };

interface StoredRecord {
  artifacts: { name: string; sha256: string }[];
}

it("attest: true asks @actions/attest to sign the stored statement's subjects and predicate, and again on a re-run", async () => {
  const requests: AttestOptions[] = [];
  const attest = async (options: AttestOptions) => {
    requests.push(options);
    return { bundle: { mediaType: "application/vnd.dev.sigstore.bundle.v0.3+json" } as never, certificate: "", attestationID: `att-${requests.length}`, tlogID: "7" };
  };
  const env = jobEnv({ attest: "true" }, oidc);
  const runtime = recordingRuntime();
  await publishStep({ env, runtime, run: githubRunContext(env), attest });
  expect(runtime.lines).toContain("v1.1.0: provenance attested (attestation att-1)");
  expect(runtime.summaries.join("\n")).toContain("`att-1`");

  const record = JSON.parse(readFileSync(join(repo.dir, ".relm", "registry", "records", "1.1.0.json"), "utf8")) as StoredRecord;
  const statementArtifact = record.artifacts.find((a) => a.name === "provenance.intoto.json");
  const statement = JSON.parse(readFileSync(join(repo.dir, ".relm", "registry", "blobs", "sha256", statementArtifact?.sha256 ?? "none"), "utf8")) as { subject: unknown; predicate: { runDetails: { builder: { id: string } } } };
  const app = record.artifacts.find((a) => a.name === "dist/app.tgz");
  expect(requests).toHaveLength(1);
  expect(requests[0]).toEqual({ subjects: [{ name: "dist/app.tgz", digest: { sha256: app?.sha256 } }], predicateType: "https://slsa.dev/provenance/v1", predicate: statement.predicate, token: fake.token });
  expect(requests[0]?.subjects).toEqual(statement.subject);
  expect(statement.predicate.runDetails.builder.id).toBe("https://github.com/octo-org/app/actions/runs/3001");

  // A job killed after the record and before the attestation: its re-run publishes nothing and attests.
  const again = recordingRuntime();
  await publishStep({ env, runtime: again, run: githubRunContext(env), attest });
  expect(again.lines.some((l) => l.includes("already published"))).toBe(true);
  expect(requests).toHaveLength(2);
  expect(requests[1]).toEqual(requests[0]);
});

it("without attest nothing is signed, and the statement is stored all the same", async () => {
  const requests: AttestOptions[] = [];
  const env = jobEnv({});
  await publishStep({ env, runtime: recordingRuntime(), run: githubRunContext(env), attest: async (o) => (requests.push(o), { bundle: {} as never, certificate: "" }) });
  expect(requests).toEqual([]);
  const record = JSON.parse(readFileSync(join(repo.dir, ".relm", "registry", "records", "1.1.0.json"), "utf8")) as StoredRecord;
  expect(record.artifacts.map((a) => a.name)).toEqual(["dist/app.tgz", "provenance.intoto.json"]);
});

it("the bundled action with attest: true in a job without id-token: write fails first, publishing nothing", async () => {
  const run = await runBundledAction({ action: "publish", workspace: repo.dir, api: { url: fake.url, token: fake.token, repository: "octo-org/app" }, sha: repo.head(), inputs: { artifacts: "dist/app.tgz", attest: "true" } });
  expect(run.code).toBe(2);
  expect(run.stdout).toContain("RELM_ATTEST_PERMISSIONS");
  expect(run.stdout).toContain("id-token: write");
  expect(() => readFileSync(join(repo.dir, ".relm", "registry", "records", "1.1.0.json"))).toThrow();
});
