// Fuzzed command lines: every command and subcommand with random subsets of its own flags, hostile
// values (empty, dashes, bidi and control characters, shell syntax, traversal, huge numbers) and
// unknown flags (no NUL: an argv cannot hold one). Whatever the line, relm ends with 0, 1 or 2 and a message of its own: never a stack
// trace, never a JavaScript error name, never a hang; a usage error (2) always says something.
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildProgram } from "../packages/cli/src/program.ts";
import { createGitFixture, gitEnv, type GitFixture } from "./support/git-fixture.ts";
import { relmBin } from "./support/run-relm.ts";

type Command = Awaited<ReturnType<typeof buildProgram>>;
interface Flag { flag: string; takesValue: boolean }
interface Target { words: string[]; flags: Flag[] }

const hostile = ["", "-", "--", "x", "0", "-1", "99999999999999999999", "1e309", "NaN", "1.2.3", "v1.0.0-rc.1+build", "../../../etc/passwd", "/dev/null", "$(touch pwned)", "`id`", "; rm -rf /", "a\nb", "\u202Eevil\u202C", "\u200B", "\u0007\u001b[31m", "é".repeat(300), "%s%n", "{\"a\":1}", "file:///", "oci://user:secret@127.0.0.1:1/x", "http://127.0.0.1:1", "30s", "1y", "main", "production"];

// Values a flag might really get, so that lines also get past parsing into the commands' own work.
const sensible = ["1.0.0", "1.1.0", "v1.0.0", "HEAD", "HEAD~1", "production", "release", "a.txt", "out", "7d", "json", "text", "carol"];
const rarely = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.oneof({ arbitrary: fc.constant(undefined), weight: 5 }, { arbitrary: a, weight: 1 });

let repo: GitFixture;
const clones: string[] = [];
const work = mkdtempSync(join(tmpdir(), "relm-fuzz-"));
// Forges and registries point at a closed local port: a call fails at once instead of leaving the machine.
const env = gitEnv({ NO_COLOR: "1", GITHUB_ACTIONS: "", GITLAB_CI: "", GITHUB_API_URL: "http://127.0.0.1:1", CI_SERVER_URL: "http://127.0.0.1:1", GITHUB_TOKEN: "", GITLAB_TOKEN: "" });
let targets: Target[] = [];

function targetsOf(command: Command, words: string[] = []): Target[] {
  const here = [...words, command.name()];
  const flags = command.options.map((o) => ({ flag: o.long ?? o.short ?? "", takesValue: o.required || o.optional })).filter((f) => f.flag !== "");
  const subs = command.commands.flatMap((c) => targetsOf(c, here));
  return [{ words: here, flags }, ...subs];
}

beforeAll(async () => {
  repo = createGitFixture();
  repo.commit("feat: first", { files: { ".relm.yml": "registry:\n  url: file:.relm/registry\napproval:\n  quorum: 1\n  users: [carol]\n", ".gitignore": ".relm/\n" } });
  repo.tag("v1.0.0", { message: "v1.0.0" });
  repo.commit("fix: a fix", { files: { "a.txt": "a\n" } });
  for (let i = 0; i < 4; i++) {
    const dir = join(work, `clone-${i}`);
    cpSync(repo.dir, dir, { recursive: true });
    clones.push(dir);
  }
  const program = await buildProgram();
  targets = program.commands.flatMap((c) => targetsOf(c)).map((t) => ({ ...t, words: t.words }));
});

afterAll(() => {
  repo.cleanup();
  rmSync(work, { recursive: true, force: true });
});

function run(args: string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string; killed: boolean }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [relmBin, ...args], { cwd, env, timeout: 60_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const e = error as (Error & { code?: number | string; killed?: boolean }) | null;
      resolve({ code: e ? (typeof e.code === "number" ? e.code : null) : 0, stdout, stderr, killed: e?.killed === true });
    });
  });
}

describe("fuzzed command lines", () => {
  it("end with 0, 1 or 2 and relm's own message, never a stack trace or a hang", async () => {
    const line = fc
      .record({
        target: fc.nat({ max: 10_000 }),
        picks: fc.array(fc.record({ flag: fc.nat({ max: 10_000 }), value: fc.oneof({ arbitrary: fc.constantFrom(...hostile), weight: 1 }, { arbitrary: fc.constantFrom(...sensible), weight: 2 }) }), { maxLength: 4 }),
        unknown: rarely(fc.constantFrom("--bogus", "-Z", "--json=maybe", "---", "--cwd")),
        positional: rarely(fc.constantFrom(...hostile, ...sensible)),
      })
      .map(({ target, picks, unknown, positional }) => {
        const t = targets[target % targets.length] as Target;
        const args = [...t.words];
        for (const p of picks) {
          const f = t.flags[p.flag % Math.max(t.flags.length, 1)];
          if (!f || f.flag === "--help" || f.flag === "--version") continue;
          args.push(f.flag, ...(f.takesValue ? [p.value] : []));
        }
        if (positional !== undefined) args.push(positional);
        if (unknown !== undefined) args.push(unknown);
        return args;
      });
    const lines = fc.sample(line, { numRuns: 96, seed: 20261206 });
    const results: { args: string[]; code: number | null; stderr: string; killed: boolean }[] = [];
    for (let i = 0; i < lines.length; i += clones.length) {
      const batch = lines.slice(i, i + clones.length);
      results.push(...(await Promise.all(batch.map(async (args, j) => ({ args, ...(await run(args, clones[j] as string)) })))));
    }
    const bad = results.filter((r) => {
      const crashed = /\n\s+at .+:\d+:\d+\)?\n/.test(r.stderr) || /\b(TypeError|ReferenceError|RangeError|SyntaxError|Cannot read propert|is not a function|Unhandled)\b/.test(r.stderr);
      return r.killed || r.code === null || ![0, 1, 2].includes(r.code) || crashed || (r.code === 2 && r.stderr.trim() === "");
    });
    expect(bad.map((r) => `relm ${JSON.stringify(r.args)} -> ${r.code}${r.killed ? " (hung)" : ""}\n${r.stderr.slice(0, 600)}`)).toEqual([]);
    // The sample reaches most commands, and usage errors among them.
    expect(new Set(results.map((r) => r.args[0])).size).toBeGreaterThan(targets.filter((t) => t.words.length === 1).length / 2);
    expect(results.some((r) => r.code === 2)).toBe(true);
    // Many lines get past parsing into the commands' own work.
    // (a tenth: most lifecycle commands need an --env, a version or a reason before they do anything)
    expect(results.filter((r) => r.code !== 2).length).toBeGreaterThan(results.length / 10);
  }, 600_000);
});
