// relm's own .github/workflows/release.yml, run job by job as the runner would (support/run-workflow)
// on a repository holding this checkout as its first commit, against the fake GitHub, the local OCI
// registry and a bare git repository for the GitLab component project. The first run has no CAB
// sign-off: the release job stops at its approve step and nothing is public. "Re-run failed jobs" with the sign-off
// given publishes the first release 1.0.0 everywhere: tags v1.0.0 and v1, the GitHub Release and its
// record, the npm tarball, the image relm:1.0.0 and relm:1, the component project at 1.0.0.
// Stand-ins on PATH: `npm ci` links this checkout's installed node_modules (no network), `npm
// publish` keeps the tarball, `skopeo` is the real one aimed at the local registry, `sudo apt-get`
// is a no-op (.ci/run installed the packages), sudo runs the rest (CI is root).
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOciRegistry, type RunningRegistry } from "../packages/registry/test/support/oci-registry.ts";
import { startFakeGitHub, type FakeGitHub } from "./support/fake-github/index.ts";
import { gitEnv } from "./support/git-fixture.ts";
import { repoRoot } from "./support/replay.ts";
import { runWorkflow, type WorkflowRun } from "./support/run-workflow.ts";

const tools = ["mmdebstrap", "umoci", "skopeo", "docker-registry"];
const missing = tools.filter((t) => spawnSync("sh", ["-c", `command -v ${t}`]).status !== 0);
const canRun = process.getuid?.() === 0 && missing.length === 0;
const work = mkdtempSync(join(tmpdir(), "relm-release-workflow-"));
const shims = join(work, "shims");
const published = join(work, "npm-published");
const shimLog = join(work, "shims.log");
const components = join(work, "relm-components.git");
const origin = join(work, "origin");
let fake: FakeGitHub;
let registry: RunningRegistry;
let sha = "";
let first: WorkflowRun;
let second: WorkflowRun;
const publicBeforeRelease: string[] = [];
let publicAfterRefusal: string[] = [];

function sh(command: string, args: string[], cwd: string): string {
  const r = spawnSync(command, args, { cwd, encoding: "utf8", env: gitEnv() });
  if (r.status !== 0) throw new Error(`${command} ${args.join(" ")}: ${r.stderr}`);
  return r.stdout.trim();
}

function shim(name: string, body: string): void {
  writeFileSync(join(shims, name), `#!/usr/bin/env bash\n${body}\n`);
  chmodSync(join(shims, name), 0o755);
}

/** The repository the workflow checks out: this checkout's files as one commit on main. */
function originRepository(): string {
  const files = sh("git", ["ls-files", "-z", "-co", "--exclude-standard"], repoRoot).split("\0").filter((f) => f && existsSync(join(repoRoot, f)));
  for (const f of files) {
    mkdirSync(dirname(join(origin, f)), { recursive: true });
    cpSync(join(repoRoot, f), join(origin, f));
  }
  sh("git", ["init", "-q", "-b", "main"], origin);
  sh("git", ["add", "-A"], origin);
  sh("git", ["commit", "-q", "-m", "feat: relm, release management for CI pipelines"], origin);
  return sh("git", ["rev-parse", "HEAD"], origin);
}

/** What anyone outside the run could see: tags, Releases, npm packages. */
function publicNow(): string[] {
  return [...[...fake.state.refs.keys()].filter((r) => r.startsWith("tags/")), ...fake.state.releases.map((r) => `release ${r.tag}`), ...readdirSync(published)];
}

async function tags(): Promise<string[]> {
  const r = await fetch(`http://${registry.host}/v2/relm-dev/relm/tags/list`);
  return r.ok ? ((await r.json()) as { tags: string[] | null }).tags ?? [] : [];
}

const run = (previous?: WorkflowRun) =>
  runWorkflow(
    {
      file: join(origin, ".github", "workflows", "release.yml"),
      origin,
      sha,
      api: { url: fake.url, token: fake.token, repository: "relm-dev/relm" },
      runId: "7001",
      actor: "relm-bot",
      secrets: { NPM_TOKEN: "npm-secret-token", GITLAB_COMPONENTS_TOKEN: "gitlab-secret-token" },
      path: [shims],
      env: {
        ...gitEnv(),
        RELM_SOURCE_MODULES: join(repoRoot, "node_modules"),
        RELM_NPM_PUBLISHED: published,
        RELM_SHIM_LOG: shimLog,
        RELM_REGISTRY_HOST: registry.host,
        npm_config_offline: "true",
        // The component project's remote, as git's own URL rewriting (not an edit of the workflow).
        GIT_CONFIG_GLOBAL: join(work, "gitconfig"),
      },
      cacheDir: join(repoRoot, "node_modules", ".cache", "relm-workflow-cache"),
      beforeJob: (job) => {
        if (job === "release") publicBeforeRelease.push(...publicNow());
      },
    },
    previous,
  );

beforeAll(async () => {
  // Not skipped when the tools are missing: a test that did not run is not a test that passed.
  if (!canRun) throw new Error(`this test needs root and ${missing.length > 0 ? missing.join(", ") : tools.join(", ")}; .ci/run installs them (apt-get install -y as root)`);
  fake = await startFakeGitHub({ owner: "relm-dev", repo: "relm" });
  registry = await startOciRegistry();
  mkdirSync(shims);
  mkdirSync(published);
  mkdirSync(origin);
  sh("git", ["init", "-q", "--bare", components], work);
  writeFileSync(join(work, "gitconfig"), `[url "file://${components}"]\n\tinsteadOf = https://gitlab.com/relm-dev/relm-components.git\n`);
  const npm = sh("sh", ["-c", "command -v npm"], work);
  // The workflow's `sudo apt-get` installs are logged (.ci/run installed the packages); the rest runs as root.
  shim("sudo", '[ "$1" = apt-get ] && { echo "$*" >> "$RELM_SHIM_LOG"; exit 0; }\nexec "$@"');
  shim(
    "npm",
    `case "$1" in
  ci) echo "npm $*" >> "$RELM_SHIM_LOG"; cp -al "$RELM_SOURCE_MODULES" node_modules ;;
  publish)
    echo "npm $*" >> "$RELM_SHIM_LOG"
    [ -n "\${NODE_AUTH_TOKEN:-}" ] || { echo "npm publish: no NODE_AUTH_TOKEN" >&2; exit 1; }
    cp "\${@: -1}" "$RELM_NPM_PUBLISHED/" ;;
  *) exec ${JSON.stringify(npm)} "$@" ;;
esac`,
  );
  const skopeo = sh("sh", ["-c", "command -v skopeo"], work);
  shim(
    "skopeo",
    `args=()
for a in "$@"; do args+=("\${a/docker:\\/\\/ghcr.io\\//docker://$RELM_REGISTRY_HOST/}"); done
echo "skopeo \${args[*]//--dest-creds*/}" >> "$RELM_SHIM_LOG"
[ "$1" = copy ] && exec ${JSON.stringify(skopeo)} copy --dest-tls-verify=false "\${args[@]:1}"
exec ${JSON.stringify(skopeo)} "\${args[@]}"`,
  );
  sha = originRepository();
  fake.state.commits = new Set([sha]);
  fake.state.teams.set("relm-dev/maintainers", new Set(["carol"]));
  first = await run();
  publicAfterRefusal = [...publicNow(), ...(await tags()).map((t) => `image ${t}`), ...sh("git", ["tag", "--list"], components).split("\n").filter(Boolean)];
  fake.state.runApprovals.set("7001", [{ environment: "release", state: "approved", user: "carol", comment: "1.0.0 signed off" }]);
  second = await run(first);
}, 1_500_000);

afterAll(async () => {
  if (!canRun) return;
  expect(fake.violations).toEqual([]);
  await fake.close();
  await registry.stop();
});

const failed = (r: WorkflowRun) =>
  Object.entries(r.jobs).flatMap(([name, j]) => (j.result === "failure" ? [`${name}: ${j.steps.at(-1)?.label ?? ""}\n${j.steps.at(-1)?.log.slice(-3000) ?? ""}`] : []));

describe(`release.yml run as the runner runs it (needs root and ${tools.join(", ")})`, () => {
  it("without a CAB sign-off: plan and build pass, the release job stops at its approve step, nothing is public", () => {
    expect(first.order).toEqual(["plan", "build", "release"]);
    expect(first.jobs.plan?.outputs).toMatchObject({ released: "true", version: "1.0.0", tag: "v1.0.0" });
    expect(failed(first).filter((f) => !f.startsWith("release"))).toEqual([]);
    expect(first.jobs.build?.result).toBe("success");
    expect(first.jobs.release?.result).toBe("failure");
    const last = first.jobs.release?.steps.at(-1);
    expect(last?.label).toBe("release: ./actions/approve");
    expect(last?.log).toContain("required CAB approval");
    expect(publicBeforeRelease).toEqual([]);
    expect(publicAfterRefusal).toEqual([]);
  });

  it("re-run with the sign-off: only the release job runs again, and every step passes", () => {
    expect(failed(second)).toEqual([]);
    expect(second.jobs.plan).toBe(first.jobs.plan);
    expect(second.jobs.build).toBe(first.jobs.build);
    expect(second.jobs.release?.result).toBe("success");
    // Nothing was public when the re-run's release job started either.
    expect(publicBeforeRelease).toEqual([]);
  });

  it("tags v1.0.0 (annotated) and the floating v1 at the release commit, with a Release and its record", () => {
    const tagRef = fake.state.refs.get("tags/v1.0.0");
    expect(tagRef?.type).toBe("tag");
    expect(fake.state.tagObjects.get(tagRef?.sha ?? "")?.object.sha).toBe(sha);
    const floating = fake.state.refs.get("tags/v1");
    expect(floating?.type === "commit" ? floating.sha : fake.state.tagObjects.get(floating?.sha ?? "")?.object.sha).toBe(sha);
    expect(fake.state.releases.find((r) => r.tag === "v1.0.0")?.body).toContain("release management for CI pipelines");
    const store = fake.state.releases.find((r) => r.tag === "relm-registry");
    const record = JSON.parse(store?.assets.find((a) => a.name === "record-1.0.0.json")?.data.toString("utf8") ?? "{}") as Record<string, unknown>;
    expect(record).toMatchObject({ version: "1.0.0", commit: sha, environment: "release", approval: { valid: true, evidence: [{ user: "carol" }] } });
  });

  it("publishes to npm the very tarball the Release stores, and it is relm 1.0.0", () => {
    expect(readFileSync(shimLog, "utf8")).toContain("npm publish --provenance --access public out/relm-1.0.0.tgz");
    const tarball = readFileSync(join(published, "relm-1.0.0.tgz"));
    // The registry keeps artifacts by content (blob-<sha256>) and names them in the record.
    const sha256 = (data: Buffer) => createHash("sha256").update(data).digest("hex");
    const store = fake.state.releases.find((r) => r.tag === "relm-registry");
    const record = JSON.parse(store?.assets.find((a) => a.name === "record-1.0.0.json")?.data.toString("utf8") ?? "{}") as { artifacts?: { name: string; sha256: string }[] };
    // Beside the tarball, the in-toto provenance statement relm stores with every publish.
    expect(record.artifacts).toEqual([expect.objectContaining({ name: "out/relm-1.0.0.tgz", sha256: sha256(tarball) }), expect.objectContaining({ name: "provenance.intoto.json", mediaType: "application/vnd.in-toto+json" })]);
    expect(store?.assets.some((a) => sha256(a.data) === sha256(tarball))).toBe(true);
    const unpacked = mkdtempSync(join(work, "tarball-"));
    sh("tar", ["-xzf", join(published, "relm-1.0.0.tgz"), "-C", unpacked], work);
    expect(sh(process.execPath, [join(unpacked, "package", "bin", "relm.js"), "--version"], unpacked)).toBe("1.0.0");
  });

  it("pushes the image as relm:1.0.0 and relm:1, and the component project with its tag 1.0.0", async () => {
    expect((await tags()).sort()).toEqual(["1", "1.0.0"]);
    expect(readFileSync(shimLog, "utf8")).not.toContain("secret");
    expect(sh("git", ["tag", "--list"], components)).toBe("1.0.0");
    const tree = sh("git", ["ls-tree", "-r", "--name-only", "1.0.0"], components).split("\n");
    expect(tree).toEqual(expect.arrayContaining(["README.md", "LICENSE", ".gitlab-ci.yml", "templates/plan.yml", "templates/release.yml"]));
  });

  it("keeps the tokens out of every log", () => {
    const logs = Object.values(second.jobs).flatMap((j) => j.steps.map((s) => s.log)).join("\n");
    expect(logs).not.toContain("npm-secret-token");
    expect(logs).not.toContain("gitlab-secret-token");
    expect(logs).not.toContain(fake.token);
  });
});
