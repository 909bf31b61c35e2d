// End to end: a commit whose message hides text with bidi overrides and zero-width characters
// (Trojan Source) goes through the real `relm release`; every place relm shows it to a reader has
// the characters as code points; the record keeps the exact subject as data.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createGitFixture, type GitFixture } from "./support/git-fixture.ts";
import { runRelm } from "./support/run-relm.ts";

const RAW = /[\u00ad\u061c\u180e\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;
const CONFIG = `project: greeter
policy:
  branches: [main]
approval:
  quorum: 1
  users: [alice]
`;

let repo: GitFixture | undefined;
afterEach(() => repo?.cleanup());

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe("untrusted commit text through relm release", () => {
  it("shows bidi and invisible characters as code points in output, notes, changelog, tag and record", () => {
    const r = createGitFixture();
    repo = r;
    r.commit("chore: start", { files: { ".relm.yml": CONFIG, ".gitignore": ".relm/\n", "a.txt": "1\n" } });
    r.tag("v1.0.0", { message: "1.0.0" });
    // Reads as "fix: rename txt.exe" with the override; a zero-width space splits a mention.
    r.commit("fix: rename \u202eexe.txt\u202c for @al\u200bice\n\nBREAKING CHANGE: drops \u2066admin\u2069 \ufeffchecks", { files: { "a.txt": "2\n" } });

    const run = runRelm(["release", "--cwd", r.dir, "--approve", "alice"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("released 2.0.0");
    expect(run.stdout).not.toMatch(RAW);

    const notes = readFileSync(join(r.dir, ".relm/releases/v2.0.0.md"), "utf8");
    expect(notes).toContain("rename `U+202E`exe.txt`U+202C`");
    expect(notes).toContain("`U+2066`admin`U+2069`");
    expect(notes).toContain("`U+FEFF`checks");
    expect(notes).toContain("`@al``U+200B`ice");
    const changelog = readFileSync(join(r.dir, "CHANGELOG.md"), "utf8");
    expect(changelog).toContain("rename `U+202E`exe.txt`U+202C`");
    const tagMessage = r.git("tag", "-l", "--format=%(contents)", "v2.0.0");

    for (const [where, text] of [["notes", notes], ["changelog", changelog], ["tag message", tagMessage]] as const) {
      expect(text, where).not.toMatch(RAW);
    }
    for (const file of filesUnder(join(r.dir, ".relm")).filter((f) => f.endsWith(".md"))) {
      expect(readFileSync(file, "utf8"), file).not.toMatch(RAW);
    }
    // The record is data: its notes are the rendered ones, its commits keep the exact subject.
    const [recordFile] = filesUnder(join(r.dir, ".relm/registry/chain"));
    const record = JSON.parse(readFileSync(recordFile ?? "", "utf8")) as { notes: string; plan: { packages: { commits: { subject: string }[] }[] } };
    expect(record.notes).not.toMatch(RAW);
    expect(record.plan.packages[0]?.commits[0]?.subject).toBe("fix: rename \u202eexe.txt\u202c for @al\u200bice");
    const listed = runRelm(["list", "--cwd", r.dir]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).not.toMatch(RAW);
  });
});
