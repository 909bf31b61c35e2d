// End to end: the real `relm release` on a real git repository with the embedded defaults
// (local annotated tags, .relm/releases notes, the file registry, approvals from --approve).
import { spawn } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createGitFixture, gitEnv, type GitFixture } from "./support/git-fixture.ts";
import { relmBin, runRelm, runRelmJson } from "./support/run-relm.ts";

interface ReleaseJson {
  status: string;
  refusedAt?: string;
  reasons: string[];
  resumed: boolean;
  plan?: { targets: { version: string; tag: string }[] };
  tag?: { outcomes: { tag: string; tagCreated: boolean }[] };
  approval?: { verdict: { valid: boolean; counted: { user: string }[]; ignored: { user: string; reason: string }[] } };
  records?: { version: string; digest: string; written: boolean }[];
}
interface ListJson {
  releases: { version: string; tag: string; approval?: { valid: boolean; evidence: { user: string }[] }; artifacts: { name: string }[] }[];
}

const dave = { name: "Dave Developer", email: "dave@example.com" };
const erin = { name: "Erin Engineer", email: "erin@example.com" };
const CONFIG = `project: greeter
policy:
  branches: [main]
approval:
  quorum: 2
  users: [alice, bob, dave]
`;

let repo: GitFixture | undefined;
afterEach(() => repo?.cleanup());

/** v1.0.0, then a feature by dave and a fix by erin; the policy is committed, as the gate reads it from git. */
function greeter(config = CONFIG): GitFixture {
  const r = createGitFixture();
  repo = r;
  r.commit("chore: start", { files: { ".relm.yml": config, ".gitignore": ".relm/\ndist/\n", "greet.js": "hello\n" } });
  r.tag("v1.0.0", { message: "1.0.0" });
  r.commit("feat(greet): greet in Spanish", { files: { "greet.js": "hola\n" }, author: dave });
  r.commit("fix(greet): trim the name", { files: { "greet.js": "hola!\n" }, author: erin });
  mkdirSync(join(r.dir, "dist"), { recursive: true });
  writeFileSync(join(r.dir, "dist/greeter.js"), "export const greet = () => 'hola';\n");
  return r;
}

const release = (r: GitFixture, ...args: string[]) => runRelmJson<ReleaseJson>(["release", "--cwd", r.dir, ...args]);
const list = (r: GitFixture) => runRelmJson<ListJson>(["list", "--cwd", r.dir]).json.releases;
const tagsOnHead = (r: GitFixture) => r.git("tag", "--points-at", "HEAD").split("\n").filter(Boolean);

describe("relm release", () => {
  it("releases with a valid CAB sign-off: annotated tag, notes, record with the approvals, verified", () => {
    const r = greeter();
    const run = runRelm(["release", "--cwd", r.dir, "--approve", "alice", "--approve", "bob", "--artifact", "dist/greeter.js"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    for (const heading of ["== 1/5 gate", "== 2/5 plan", "== 3/5 approve", "== 4/5 tag", "== 5/5 publish"]) expect(run.stdout).toContain(heading);
    expect(run.stdout).toContain("1.1.0 (tag v1.1.0; v1.0.0..");
    expect(run.stdout).toContain("created annotated tag v1.1.0");
    expect(run.stdout).toContain("2 of 2 required CAB approvals (alice, bob)");
    expect(run.stdout).toMatch(/published 1\.1\.0: record sha256:[0-9a-f]{64}/);
    expect(run.stdout.trimEnd().split("\n").at(-1)).toBe("released 1.1.0");

    expect(r.git("cat-file", "-t", "v1.1.0")).toBe("tag");
    expect(r.git("rev-parse", "v1.1.0^{commit}")).toBe(r.head());
    expect(r.git("tag", "-l", "--format=%(contents:subject)", "v1.1.0")).toBe("1.1.0");
    expect(readFileSync(join(r.dir, ".relm/releases/v1.1.0.md"), "utf8")).toContain("greet in Spanish");
    expect(readFileSync(join(r.dir, "CHANGELOG.md"), "utf8")).toContain("1.1.0");
    const [record] = list(r);
    expect(record).toMatchObject({ version: "1.1.0", tag: "v1.1.0", approval: { valid: true }, artifacts: [{ name: "dist/greeter.js" }, { name: "provenance.intoto.json", mediaType: "application/vnd.in-toto+json" }] });
    expect(record?.approval?.evidence.map((e) => e.user)).toEqual(["alice", "bob"]);
    expect(runRelm(["verify", "--cwd", r.dir]).code).toBe(0);
  });

  it.each([
    ["no approval", [], [], "2 more CAB approvals needed"],
    ["a non-member", ["--approve", "alice", "--approve", "mallory"], [["mallory", "not-cab-member"]], "1 more CAB approval needed"],
    ["the author approving their own release", ["--approve", "alice", "--approve", "dave"], [["dave", "author"]], "1 more CAB approval needed"],
    ["the one who runs it", ["--approve", "alice", "--approve", "bob", "--actor", "bob"], [["bob", "triggered-run"]], "1 more CAB approval needed"],
  ])("refuses at approve with %s, exit 1, and publishes nothing", (_name, args, ignored, message) => {
    const r = greeter();
    const { code, json } = release(r, ...(args as string[]));
    expect(code).toBe(1);
    expect(json).toMatchObject({ status: "refused", refusedAt: "approve" });
    expect(json.reasons).toContain(message);
    expect(json.approval?.verdict.ignored.map((i) => [i.user, i.reason])).toEqual(ignored);
    expect(list(r)).toEqual([]);
    const text = runRelm(["release", "--cwd", r.dir, ...(args as string[])]);
    expect(text.stdout).toContain("release refused at approve: ");
  });

  it("refuses at the gate on a branch the policy does not allow, before tagging", () => {
    const r = greeter();
    r.branch("feature/x");
    const { code, json } = release(r, "--approve", "alice", "--approve", "bob");
    expect(code).toBe(1);
    expect(json.refusedAt).toBe("gate");
    expect(json.reasons[0]).toMatch(/^RELM_GATE_BRANCH: /);
    expect(r.git("tag", "-l")).toBe("v1.0.0");
  });

  it("finishes a release that crashed after tagging, without a second tag or record", () => {
    const r = greeter();
    // A missing artifact is part of the candidate: found before anything is tagged.
    rmSync(join(r.dir, "dist/greeter.js"));
    const missing = runRelm(["release", "--cwd", r.dir, "--approve", "alice", "--approve", "bob", "--artifact", "dist/greeter.js"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("RELM_ARTIFACT_MISSING");
    expect(tagsOnHead(r)).toEqual([]);
    // A crash after the tag (signed off, tagged, never published): the tag is there, the record is not.
    r.git("tag", "-a", "v1.1.0", "-m", "1.1.0");
    expect(list(r)).toEqual([]);

    writeFileSync(join(r.dir, "dist/greeter.js"), "built\n");
    const again = release(r, "--approve", "alice", "--approve", "bob", "--artifact", "dist/greeter.js");
    expect(again.code).toBe(0);
    expect(again.json).toMatchObject({ status: "released", resumed: true, tag: { outcomes: [{ tag: "v1.1.0", tagCreated: false }] } });
    expect(again.json.records?.map((x) => [x.version, x.written])).toEqual([["1.1.0", true]]);

    const third = release(r, "--approve", "alice", "--approve", "bob", "--artifact", "dist/greeter.js");
    expect(third.code).toBe(0);
    expect(third.json.status).toBe("nothing-to-release");
    expect(tagsOnHead(r)).toEqual(["v1.1.0"]);
    expect(list(r).map((x) => x.version)).toEqual(["1.1.0"]);
    expect(runRelm(["verify", "--cwd", r.dir]).code).toBe(0);
  });

  it("finishes a release refused at approve once the sign-off is given", () => {
    const r = greeter();
    expect(release(r, "--approve", "alice").code).toBe(1);
    expect(tagsOnHead(r)).toEqual([]);
    const done = release(r, "--approve", "alice", "--approve", "bob");
    expect(done.code).toBe(0);
    expect(done.json).toMatchObject({ status: "released", resumed: false });
    expect(list(r).map((x) => x.version)).toEqual(["1.1.0"]);
  });

  it("says there is nothing to release when no commit calls for one, and exits 0", () => {
    const r = createGitFixture();
    repo = r;
    r.commit("feat: first", { files: { ".relm.yml": CONFIG } });
    r.tag("v1.0.0", { message: "1.0.0" });
    r.commit("docs: typo", { files: { "README.md": "x\n" } });
    r.commit("chore: tidy", { files: { "README.md": "y\n" } });
    const run = runRelm(["release", "--cwd", r.dir, "--approve", "alice"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("nothing to release");
    expect(run.stdout).not.toContain("== 3/5 tag");
    expect(r.git("tag", "-l")).toBe("v1.0.0");
  });

  it("tags and publishes nothing on --dry-run", () => {
    const r = greeter();
    const { code, json } = release(r, "--dry-run");
    expect(code).toBe(0);
    expect(json.status).toBe("dry-run");
    expect(json.plan?.targets.map((t) => t.tag)).toEqual(["v1.1.0"]);
    expect(r.git("tag", "-l")).toBe("v1.0.0");
    expect(existsSync(join(r.dir, ".relm"))).toBe(false);
  });

  it("needs no sign-off when no CAB rule is configured", () => {
    const r = greeter("policy:\n  branches: [main]\n");
    const { code, json } = release(r);
    expect(code).toBe(0);
    expect(json.status).toBe("released");
    expect(json.approval).toBeUndefined();
  });

  it("exits 2 on a bad --approve value or an unknown --forge", () => {
    const r = greeter();
    const bad = runRelm(["release", "--cwd", r.dir, "--approve", "::error::x"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("RELM_APPROVE_LOGIN");
    const forge = runRelm(["release", "--cwd", r.dir, "--forge", "bitbucket"]);
    expect(forge.code).toBe(2);
    expect(forge.stderr).toContain("RELM_FORGE_UNKNOWN");
    expect(r.git("tag", "-l")).toBe("v1.0.0");
  });

  it("shows hostile commit text as inert data: no terminal escapes, no workflow commands", () => {
    const r = greeter();
    r.commit("feat: \u001b[2J\u001b[31mred\u001b[0m ::warning::x\n\n::error::boom\r\n::add-mask::secret\n", { files: { "x.txt": "x" } });
    const run = runRelm(["release", "--cwd", r.dir, "--approve", "alice", "--approve", "bob"]);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain("\u001b");
    expect(run.stdout.split("\n").filter((l) => /^\s*::/.test(l))).toEqual([]);
    expect(run.stdout).toContain("red");
  });

  it("judges by the environment's rule, raised by the risk class of a breaking release", () => {
    const config = `approval:
  users: [alice, bob]
policy:
  branches: [main]
  environments:
    staging: {}
    production:
      approval:
        quorum: 1
        users: [alice, bob, carol]
  risk:
    classes:
      - name: major
        when: [{ breaking: true }]
        approval: { quorum: 2 }
`;
    const r = greeter(config);
    // carol is on production's CAB only; the top-level rule does not count her.
    expect(release(r, "--env", "staging", "--approve", "carol", "--dry-run").json.approval?.verdict.ignored).toEqual([expect.objectContaining({ user: "carol", reason: "not-cab-member" })]);
    expect(release(r, "--env", "production", "--approve", "carol", "--dry-run").json.approval?.verdict.counted.map((c) => c.user)).toEqual(["carol"]);
    r.commit("feat!: drop the old greeting", { files: { "greet.js": "hi\n" } });
    // Without an environment the top-level rule applies, raised by the same risk class.
    expect(release(r, "--approve", "alice", "--dry-run").json.reasons).toContain("1 of 2 required CAB approvals (alice)");
    const major = release(r, "--env", "production", "--approve", "carol");
    expect(major.code).toBe(1);
    expect(major.json.reasons).toContain("1 of 2 required CAB approvals (carol)");
    const signed = release(r, "--env", "production", "--approve", "carol", "--approve", "alice");
    expect(signed.code).toBe(0);
    expect(signed.json.plan?.targets.map((t) => t.version)).toEqual(["2.0.0"]);
  });

  it("breaks glass with --override-* flags: the gate lifts the freeze, approve and release ask the override's CAB", () => {
    const config = `project: greeter
policy:
  branches: [main]
  freezes:
    - { name: code-freeze, from: "2000-01-01T00:00", until: "2100-01-01T00:00" }
  override:
    users: [alice]
    via: [input]
    rules: [freeze]
  risk:
    classes:
      - name: emergency
        when: [{ override: true }]
        approval:
          users: [oncall, carol]
approval:
  quorum: 1
  users: [alice, bob, dave]
`;
    const r = greeter(config);
    const breakGlass = ["--override-by", "alice", "--override-reason", "INC-42 outage", "--override-rules", "freeze"];
    const frozen = release(r, "--approve", "bob");
    expect(frozen.code).toBe(1);
    expect(frozen.json.refusedAt).toBe("gate");
    expect(frozen.json.reasons.join("\n")).toContain("RELM_GATE_FREEZE");
    // approve asks the gate as release does: with the override the emergency CAB counts, without it bob's does.
    const approve = (...args: string[]) => runRelmJson<{ valid: boolean; rule: { users?: string[] } }>(["approve", "--cwd", r.dir, ...args]);
    expect(approve("--approve", "oncall").json.valid).toBe(false);
    expect(approve("--approve", "oncall", ...breakGlass).json).toMatchObject({ valid: true, rule: { users: ["oncall", "carol"] } });
    // Half an override is a usage error, not a silent release without it.
    const half = runRelm(["release", "--cwd", r.dir, "--approve", "oncall", "--override-reason", "INC-42"]);
    expect(half.code).toBe(2);
    expect(half.stderr).toContain("--override-by");
    const broken = runRelmJson<ReleaseJson & { gate: { decision: { override?: { by: string; reason: string; accepted: boolean; lifted: string[] }; riskClass: { name: string } } } }>(["release", "--cwd", r.dir, "--approve", "oncall", ...breakGlass]);
    expect(broken.code, JSON.stringify(broken.json.reasons)).toBe(0);
    expect(broken.json.gate.decision.override).toMatchObject({ by: "alice", reason: "INC-42 outage", accepted: true, lifted: ["RELM_GATE_FREEZE"] });
    expect(broken.json.gate.decision.riskClass.name).toBe("emergency");
    expect(list(r).map((x) => x.approval?.evidence.map((e) => e.user))).toEqual([["oncall"]]);
  });

  it("finishes a release whose process was killed while publishing", async () => {
    const r = greeter();
    // Hold the file registry's lock (as a live publisher would), so the record cannot be written,
    // then kill relm once it reaches the publish step: tag made, artifacts maybe stored, no record.
    mkdirSync(join(r.dir, ".relm/registry"), { recursive: true });
    const lock = join(r.dir, ".relm/registry/lock");
    writeFileSync(lock, JSON.stringify({ pid: process.pid, host: hostname(), at: new Date().toISOString() }));
    const child = spawn(process.execPath, [relmBin, "release", "--cwd", r.dir, "--approve", "alice", "--approve", "bob", "--artifact", "dist/greeter.js"], { env: gitEnv({ NO_COLOR: "1" }) });
    let out = "";
    const killed = await new Promise<NodeJS.Signals | null>((resolve) => {
      child.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString("utf8");
        if (out.includes("== 5/5 publish")) child.kill("SIGKILL");
      });
      child.on("exit", (_code, signal) => resolve(signal));
    });
    expect(killed).toBe("SIGKILL");
    expect(tagsOnHead(r)).toEqual(["v1.1.0"]);
    rmSync(lock);
    expect(list(r)).toEqual([]);

    const again = release(r, "--approve", "alice", "--approve", "bob", "--artifact", "dist/greeter.js");
    expect(again.code).toBe(0);
    expect(again.json).toMatchObject({ status: "released", resumed: true });
    expect(tagsOnHead(r)).toEqual(["v1.1.0"]);
    expect(list(r).map((x) => x.version)).toEqual(["1.1.0"]);
    expect(runRelm(["verify", "--cwd", r.dir]).code).toBe(0);
  });
});
