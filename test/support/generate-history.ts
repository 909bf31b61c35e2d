// Long, realistic conventional-commit histories made with `git fast-import` (tens of thousands of
// commits in seconds): types, scopes, bodies, footers, breaking changes, merges of topic branches,
// changed paths across a monorepo, and release tags every few dozen commits. Deterministic per seed.
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { gitEnv } from "./git-fixture.ts";

export interface GeneratedHistoryOptions {
  commits: number;
  seed?: number;
  /** A release tag (annotated `vX.Y.Z`) every this many commits; 0 for none. */
  releaseEvery?: number;
  /** Extra bytes of body text per commit (for streaming tests). */
  bodyBytes?: number;
  /**
   * Share of commits made by a dependency bot (`build(deps): bump x from 1.2.3 to 1.2.4` with 1-3 KB
   * bodies of release notes and commit lists), as large real histories have them; default 0.
   */
  botShare?: number;
}

export interface GeneratedHistory {
  dir: string;
  commits: number;
  tags: string[];
}

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TYPES: [string, number][] = [["feat", 18], ["fix", 24], ["chore", 16], ["docs", 10], ["refactor", 8], ["test", 8], ["ci", 4], ["build", 4], ["perf", 3], ["style", 2], ["revert", 1], ["wip", 2]];
const SCOPES = ["core", "cli", "parser", "api", "deps", "docs", "release", "", "", ""];
const PACKAGES = ["core", "cli", "parser", "writer", "utils", "plugins"];
const WORDS = "add remove handle support update improve allow prevent fix config option parser writer release tag commit version note changelog preset template stream cache error message path package scope footer body header".split(" ");

export function generateHistory(dir: string, options: GeneratedHistoryOptions): Promise<GeneratedHistory> {
  const rand = prng(options.seed ?? 42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const weighted = (): string => {
    const total = TYPES.reduce((s, [, w]) => s + w, 0);
    let r = rand() * total;
    for (const [t, w] of TYPES) if ((r -= w) < 0) return t;
    return "chore";
  };
  const sentence = (n: number): string => Array.from({ length: n }, () => pick(WORDS)).join(" ");
  // Bodies wrapped at 72 columns as `git commit` users write them; a few paragraphs stay on one long
  // line, as squash merges of pull requests leave them (about 2% of lines in the real histories).
  const paragraph = (n: number): string => {
    const text = `${sentence(n)}.`;
    if (rand() < 0.03) return text;
    return text.replace(/(.{1,72})(?: |$)/g, "$1\n").trimEnd();
  };
  mkdirSync(dir, { recursive: true });
  execFileSync("git", ["init", "-q", "-b", "main", dir], { env: gitEnv() });
  const fi = spawn("git", ["fast-import", "--quiet"], { cwd: dir, env: gitEnv(), stdio: ["pipe", "ignore", "inherit"] });
  const done = new Promise<void>((ok, fail) => fi.on("close", (c) => (c === 0 ? ok() : fail(new Error(`git fast-import exited ${c}`)))));
  const chunks: string[] = [];
  const data = (s: string): string => `data ${Buffer.byteLength(s)}\n${s}\n`;
  const tags: string[] = [];
  let time = Date.parse("2015-01-01T00:00:00Z") / 1000;
  let version = [0, 1, 0];
  let mainMark = 0;
  let mark = 0;
  let issue = 1;
  const bump = (): string => {
    const dep = `${pick(WORDS)}-${pick(WORDS)}`;
    const from = `${Math.floor(rand() * 9)}.${Math.floor(rand() * 20)}.${Math.floor(rand() * 20)}`;
    const to = from.replace(/\d+$/, (p) => String(Number(p) + 1));
    const notes = Array.from({ length: 8 + Math.floor(rand() * 22) }, () => `<li>${sentence(4 + Math.floor(rand() * 8))} by <a href="https://github.com/dev"><code>@dev</code></a> in <a href="https://github.com/o/r/pull/${issue}">#${issue}</a></li>`).join("\n");
    return `build(deps): bump ${dep} from ${from} to ${to}\n\nBumps [${dep}](https://github.com/o/${dep}) from ${from} to ${to}.\n<details>\n<summary>Release notes</summary>\n<blockquote>\n<ul>\n${notes}\n</ul>\n</blockquote>\n</details>\n\n---\nupdated-dependencies:\n- dependency-name: ${dep}\n  dependency-type: direct:development\n  update-type: version-update:semver-patch\n...\n\nSigned-off-by: dependabot[bot] <support@github.com>\n`;
  };
  const message = (): string => {
    if (options.botShare && rand() < options.botShare) return bump();
    const type = weighted();
    const scope = pick(SCOPES);
    const breaking = type === "feat" && rand() < 0.03;
    let m = `${type}${scope ? `(${scope})` : ""}${breaking && rand() < 0.5 ? "!" : ""}: ${sentence(3 + Math.floor(rand() * 6))}`;
    if (type === "wip") m = `${sentence(4)}`; // not conventional, as real histories have
    if (rand() < 0.6) m += `\n\n${paragraph(10 + Math.floor(rand() * 30))}`;
    if (rand() < 0.2) m += `\n\n${paragraph(8)}`;
    if (options.bodyBytes) m += `\n\n${"x".repeat(options.bodyBytes)}`;
    const footers: string[] = [];
    if (breaking) footers.push(`BREAKING CHANGE: ${sentence(6)}`);
    if (rand() < 0.3) footers.push(`Closes #${issue++}`);
    if (rand() < 0.1) footers.push(`Co-authored-by: Someone Else <someone@example.invalid>`);
    if (footers.length) m += `\n\n${footers.join("\n")}`;
    return `${m}\n`;
  };
  const commit = (branch: string, parent: number, merge?: number, text?: string): number => {
    mark++;
    time += 600 + Math.floor(rand() * 7200);
    const who = `Dev ${1 + Math.floor(rand() * 40)} <dev@example.invalid> ${time} +0000`;
    let s = `commit refs/heads/${branch}\nmark :${mark}\nauthor ${who}\ncommitter ${who}\n${data(text ?? message())}`;
    if (parent) s += `from :${parent}\n`;
    if (merge) s += `merge :${merge}\n`;
    const files = 1 + Math.floor(rand() * 4);
    for (let i = 0; i < files; i++) {
      const path = rand() < 0.85 ? `packages/${pick(PACKAGES)}/src/${pick(WORDS)}.ts` : pick(["README.md", "package.json", ".github/workflows/ci.yml"]);
      s += `M 100644 inline ${path}\n${data(`${mark} ${path}\n`)}`;
    }
    chunks.push(`${s}\n`);
    return mark;
  };
  let n = 0;
  while (n < options.commits) {
    if (n > 0 && rand() < 0.08 && n + 4 < options.commits) {
      // A topic branch of a few commits, merged back with a merge commit.
      let tip = mainMark;
      const len = 1 + Math.floor(rand() * 3);
      for (let i = 0; i < len; i++) tip = commit("topic", tip);
      mainMark = commit("main", mainMark, tip, `Merge pull request #${issue++} from dev/topic\n\n${sentence(5)}\n`);
      n += len + 1;
    } else {
      mainMark = commit("main", mainMark);
      n++;
    }
    if (options.releaseEvery && n % options.releaseEvery === 0) {
      version = rand() < 0.3 ? [version[0] ?? 0, (version[1] ?? 0) + 1, 0] : [version[0] ?? 0, version[1] ?? 0, (version[2] ?? 0) + 1];
      const name = `v${version.join(".")}`;
      tags.push(name);
      chunks.push(`tag ${name}\nfrom :${mainMark}\ntagger Release Bot <bot@example.invalid> ${time} +0000\n${data(`${name}\n`)}`);
    }
  }
  chunks.push(`reset refs/heads/topic\nfrom 0000000000000000000000000000000000000000\n\n`);
  const write = async (): Promise<void> => {
    for (const c of chunks) if (!fi.stdin.write(c)) await new Promise((r) => fi.stdin.once("drain", r));
    fi.stdin.end();
  };
  return write()
    .then(() => done)
    .then(() => {
      execFileSync("git", ["checkout", "-q", "-f", "main"], { cwd: dir, env: gitEnv() });
      return { dir, commits: n, tags };
    });
}
