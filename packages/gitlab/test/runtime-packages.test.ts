import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { RelmError } from "@relm/core";
import { createGitlabClient, gitlabGenericPackages, gitlabRuntime, gitlabSettingsFromEnv } from "../src/index.ts";
import { startFakeGitlab, type FakeGitlab } from "../../../test/support/fake-gitlab/index.ts";

describe("GitLab CI runtime", () => {
  const dir = mkdtempSync(join(tmpdir(), "relm-gl-rt-"));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("writes outputs as a dotenv report, collapsible sections, and keeps untrusted text from faking log markers", async () => {
    const out: string[] = [];
    const rt = gitlabRuntime({ dotenvPath: join(dir, "relm.env"), summaryPath: join(dir, "summary.md"), write: (t) => void out.push(t), now: () => 1_700_000_000_000 });
    await rt.group("plan \u001b[0Ksection_end:1:x\r", async () => rt.info("feat: \u001b[0Ksection_start:1:evil\rhidden"));
    rt.setOutput("relm_version", "1.2.0");
    rt.setOutput("tag", "v1.0.0");
    rt.setOutput("RELM_TAG", "v1.2.0");
    rt.summary("# Release v1.2.0");
    const log = out.join("");
    expect(log).toContain("\u001b[0Ksection_start:1700000000:relm_");
    expect(log).toContain("[collapsed=true]\r\u001b[0Kplan [0Ksection_end:1:x\n");
    expect(log).toContain("feat: [0Ksection_start:1:evilhidden\n");
    expect(log.split("\u001b[0Ksection_start").length - 1).toBe(1);
    expect(readFileSync(join(dir, "relm.env"), "utf8")).toBe("RELM_VERSION=1.2.0\nRELM_TAG=v1.2.0\n");
    expect(readFileSync(join(dir, "summary.md"), "utf8")).toBe("# Release v1.2.0\n");
    expect(() => rt.setOutput("RELM_NOTES", "a\nb")).toThrow(/line break/);
    // A second relm call in the same job adds to the report.
    gitlabRuntime({ dotenvPath: join(dir, "relm.env"), write: () => undefined }).setOutput("decision", "allowed");
    expect(readFileSync(join(dir, "relm.env"), "utf8")).toBe("RELM_VERSION=1.2.0\nRELM_TAG=v1.2.0\nRELM_DECISION=allowed\n");
  });

  it("hides masked secrets in its own output and says how to mask them for the runner", () => {
    const out: string[] = [];
    const rt = gitlabRuntime({ dotenvPath: join(dir, "x.env"), write: (t) => void out.push(t) });
    rt.mask("glpat-secret-value");
    rt.info("token glpat-secret-value used");
    expect(out.join("")).toContain("token [MASKED] used");
    expect(out.join("")).toContain("masked CI/CD variable");
  });
});

describe("settings from CI_* variables", () => {
  it("uses the job token unless a token is given, and names what is missing", () => {
    const env = { CI_SERVER_URL: "https://gitlab.example", CI_PROJECT_ID: "42", CI_JOB_TOKEN: "jt", CI_PIPELINE_ID: "77", CI_JOB_ID: "501", GITLAB_USER_LOGIN: "carol" };
    const s = gitlabSettingsFromEnv(env);
    expect(s).toMatchObject({ host: "https://gitlab.example", project: "42", auth: { kind: "job-token", value: "jt" }, approval: { mode: "auto", pipelineId: 77, jobId: 501, fallbackUser: "carol" } });
    expect(gitlabSettingsFromEnv({ ...env, GITLAB_TOKEN: "glpat" }).auth).toEqual({ kind: "token", value: "glpat" });
    const error = (() => {
      try {
        gitlabSettingsFromEnv({});
      } catch (e) {
        return e as RelmError;
      }
    })();
    expect(error?.code).toBe("RELM_GITLAB_SETTINGS");
    expect(error?.message).toBe("GitLab needs CI_SERVER_URL (or RELM_GITLAB_HOST) and CI_PROJECT_ID (or RELM_GITLAB_PROJECT)");
    expect(() => gitlabSettingsFromEnv({ ...env, RELM_GITLAB_APPROVAL_MODE: "vote" })).toThrow(/must be one of deployment, manual-job, change-request, auto/);
  });
});

describe("generic package registry", () => {
  let fake: FakeGitlab;
  afterEach(async () => {
    expect(fake.violations).toEqual([]);
    await fake.close();
  });

  it("uploads with the job token and a content-length, checks GitLab's digest, downloads it back whole or streamed", async () => {
    fake = await startFakeGitlab();
    const client = createGitlabClient({ host: fake.url, auth: { kind: "job-token", value: "job-token-fake" } });
    const pkgs = gitlabGenericPackages(client, "42", "relm-releases");
    const bytes = new TextEncoder().encode("artifact bytes\u0000\u00ff");
    const stored = await pkgs.put("1.2.0", "app.tgz", bytes);
    expect(stored?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(stored?.url).toBe(`${fake.apiUrl}/projects/42/packages/generic/relm-releases/1.2.0/app.tgz`);
    expect(fake.requests[0]).toMatchObject({ method: "PUT", auth: "job-token", args: { select: "package_file" }, status: 201 });
    expect(fake.requests[0]?.contentLength).toBe(String(bytes.byteLength));
    expect(await pkgs.get("1.2.0", "app.tgz")).toEqual(bytes);
    expect(await pkgs.get("1.2.0", "missing.tgz")).toBeUndefined();
    const opened = await pkgs.open("1.2.0", "app.tgz");
    expect(opened?.size).toBe(bytes.byteLength);
    const parts: Uint8Array[] = [];
    for await (const c of opened?.stream ?? []) parts.push(c);
    expect(Buffer.concat(parts)).toEqual(Buffer.from(bytes));
    expect(await pkgs.open("1.2.0", "missing.tgz")).toBeUndefined();
    expect(() => pkgs.urlOf("1..2", "a")).toThrow(/package version/);
    expect(pkgs.location).toBe("gitlab-package:relm-releases");
  });

  it("gives a streamed download that does not start within the timeout another attempt", async () => {
    fake = await startFakeGitlab();
    const sleeps: number[] = [];
    const client = createGitlabClient({ host: fake.url, auth: { kind: "job-token", value: "job-token-fake" }, retry: { timeoutMs: 200, baseDelayMs: 10 }, sleep: async (ms) => void sleeps.push(ms) });
    const pkgs = gitlabGenericPackages(client, "42", "relm-releases");
    await pkgs.put("1.2.0", "app.tgz", new TextEncoder().encode("bytes"));
    fake.fault({ route: "download-generic-package", status: 200, delayMs: 1_000 });
    const opened = await pkgs.open("1.2.0", "app.tgz");
    let text = "";
    for await (const c of opened?.stream ?? []) text += new TextDecoder().decode(c);
    expect(text).toBe("bytes");
    expect(sleeps).toEqual([10]);
  });
});

