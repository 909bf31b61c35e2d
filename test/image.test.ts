// The runner image relm:<version>, built as the release workflow builds it (scripts/build-image.sh:
// mmdebstrap, umoci, no container daemon), runs relm in its unpacked root filesystem and pushes to
// a real registry. Needs root and Debian's tools (.ci/run installs them). The Debian base is cached
// in node_modules/.cache, so only a machine's first build fetches it (~2 minutes).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOciRegistry, type RunningRegistry } from "../packages/registry/test/support/oci-registry.ts";
import { createGitFixture, type GitFixture } from "./support/git-fixture.ts";
import { repoRoot } from "./support/replay.ts";

const tools = ["mmdebstrap", "umoci", "skopeo", "chroot", "docker-registry"];
const missing = tools.filter((t) => spawnSync("sh", ["-c", `command -v ${t}`]).status !== 0);
const canBuild = process.getuid?.() === 0 && missing.length === 0;
// Absolute: the environment relm runs with inside the image has no sbin on its PATH.
const chroot = spawnSync("sh", ["-c", "command -v chroot"], { encoding: "utf8" }).stdout.trim();
const out = join(repoRoot, "node_modules", ".cache", "relm-image");
const work = mkdtempSync(join(tmpdir(), "relm-image-"));
const version = (JSON.parse(readFileSync(join(repoRoot, "packages", "cli", "package.json"), "utf8")) as { version: string }).version;
let registry: RunningRegistry | undefined;
let repo: GitFixture | undefined;
let build = "";

function sh(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): string {
  const r = spawnSync(command, args, { encoding: "utf8", env, maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (${r.status}):\n${r.stderr}${r.stdout}`);
  return r.stdout;
}

beforeAll(async () => {
  // Not skipped when the tools are missing: a test that did not run is not a test that passed.
  if (!canBuild) throw new Error(`this test needs root and ${missing.length > 0 ? missing.join(", ") : tools.join(", ")}; .ci/run installs them (apt-get install -y as root)`);
  registry = await startOciRegistry();
  mkdirSync(out, { recursive: true });
  const path = `${join(repoRoot, "node_modules", ".bin")}:${process.env.PATH ?? ""}`;
  build = sh("bash", [join(repoRoot, "scripts", "build-image.sh"), out], { ...process.env, PATH: path, RELM_IMAGE_PUSH: `docker://${registry.host}/relm`, RELM_IMAGE_TLS_VERIFY: "false" });
  sh("umoci", ["unpack", "--image", `${join(out, "oci")}:${version}`, join(work, "bundle")]);
  repo = createGitFixture({ dir: join(work, "bundle", "rootfs", "repo") });
  repo.commit("feat: first", { files: { "a.txt": "1" } });
  repo.tag("v1.0.0", { message: "v1.0.0" });
  repo.commit("fix: a bug", { files: { "a.txt": "2" } });
}, 400_000);

afterAll(async () => {
  await registry?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe(`the runner image (needs root and ${tools.join(", ")})`, () => {
  it("is relm:<version> with the OCI labels and no entrypoint, and says its compressed size", () => {
    console.log(build.trim());
    expect(build).toMatch(new RegExp(`built relm:${version.replace(/\./g, "\\.")} .*: \\d+ MB compressed`));
    const config = JSON.parse(readFileSync(join(work, "bundle", "config.json"), "utf8")) as { annotations?: Record<string, string>; process?: { args?: string[] } };
    const inspect = JSON.parse(sh("skopeo", ["inspect", "--config", `oci:${join(out, "oci")}:${version}`])) as { config: { Labels?: Record<string, string>; Entrypoint?: string[] } };
    expect(inspect.config.Labels).toMatchObject({ "org.opencontainers.image.source": "https://github.com/relm-dev/relm", "org.opencontainers.image.version": version });
    expect(inspect.config.Labels?.["org.opencontainers.image.revision"]).toMatch(/^[0-9a-f]{40}$/);
    expect(inspect.config.Entrypoint ?? []).toEqual([]);
    expect(config.process?.args).toEqual(["/bin/sh"]);
  });

  it("runs relm on its own Node 24 and git: --version and a plan, in its root filesystem", () => {
    const rootfs = join(work, "bundle", "rootfs");
    const env = { PATH: "/usr/local/bin:/usr/bin:/bin", HOME: "/root", NO_COLOR: "1" };
    expect(sh(chroot, [rootfs, "node", "--version"], env)).toMatch(/^v24\./);
    expect(sh(chroot, [rootfs, "relm", "--version"], env).trim()).toBe(version);
    sh(chroot, [rootfs, "git", "config", "--global", "--add", "safe.directory", "/repo"], env);
    const plan = JSON.parse(sh(chroot, [rootfs, "sh", "-c", "cd /repo && relm plan --json"], env)) as { version?: string };
    expect(JSON.stringify(plan)).toContain('"1.0.1"');
  });

  it("was pushed to the registry with skopeo", () => {
    const tags = JSON.parse(sh("skopeo", ["list-tags", "--tls-verify=false", `docker://${registry?.host ?? ""}/relm`])) as { Tags: string[] };
    expect(tags.Tags).toContain(version);
    expect(existsSync(join(out, "oci", "index.json"))).toBe(true);
  });
});
