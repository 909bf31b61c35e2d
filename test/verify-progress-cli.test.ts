// `relm verify` re-hashes every artifact: on a terminal it draws a bar per artifact with human sizes,
// in a CI log (no terminal) it stays short, and with --json it prints nothing but the JSON.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGitFixture, gitEnv, type GitFixture } from "./support/git-fixture.ts";
import { relmBin, runRelm } from "./support/run-relm.ts";

let repo: GitFixture;
beforeAll(() => {
  repo = createGitFixture();
  repo.commit("feat: first feature", { files: { ".gitignore": ".relm/\n" } });
  mkdirSync(join(repo.dir, "dist"));
  writeFileSync(join(repo.dir, "dist", "big.bin"), Buffer.alloc(48 * 1024 * 1024, 7));
  const published = runRelm(["publish", "dist/big.bin", "--json"], { cwd: repo.dir });
  expect(published.code, published.stderr).toBe(0);
});
afterAll(() => repo.cleanup());

describe("relm verify's progress", () => {
  it("draws a bar with human sizes on a terminal (run under script(1), a real pseudo-terminal)", () => {
    const command = [process.execPath, relmBin, "verify"].map((a) => `'${a}'`).join(" ");
    const run = spawnSync("script", ["-qefc", command, "/dev/null"], { cwd: repo.dir, env: gitEnv({ TERM: "xterm" }), encoding: "utf8" });
    expect(run.status, run.stdout).toBe(0);
    expect(run.stdout).toContain("verifying dist/big.bin");
    expect(run.stdout).toContain("48 MiB");
    expect(run.stdout).toContain("100%");
    expect(run.stdout).toContain("ok: 1 record(s)");
  });

  it("prints only the JSON with --json, and no bar without a terminal", () => {
    const json = runRelm(["verify", "--json"], { cwd: repo.dir });
    expect(json.code, json.stderr).toBe(0);
    expect(json.stderr).toBe("");
    expect((JSON.parse(json.stdout) as { ok: boolean; artifacts: number }).artifacts).toBe(2);
    const plain = runRelm(["verify"], { cwd: repo.dir });
    expect(plain.code).toBe(0);
    expect(plain.stderr).not.toContain("[");
    expect(plain.stdout).toMatch(/^ok: 1 record\(s\) and 2 artifact\(s\) verified/);
  });
});
