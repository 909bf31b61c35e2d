// The release schedule from the command line: `relm plan` names the next slot, `policy check` the broken one.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGitFixture, type GitFixture } from "./support/git-fixture.ts";
import { runRelm } from "./support/run-relm.ts";

describe("the release schedule on the command line", () => {
  let repo: GitFixture;
  beforeAll(() => {
    repo = createGitFixture();
    repo.commit("feat: first", { files: { "a.txt": "1", ".relm.yml": 'policy:\n  schedule:\n    slots:\n      - train: "every 2nd Tuesday 10:00 Europe/Berlin"\n        window: 1h\n' } });
  });
  afterAll(() => repo.cleanup());

  it("relm plan shows the next planned slot on the train's wall clock", () => {
    const run = runRelm(["plan"], { cwd: repo.dir });
    expect(run.code, run.stderr).toBe(0);
    // Which Tuesday depends on today; that it is a Tuesday at 10:00 Berlin time does not.
    const m = /Next planned slot: every 2nd Tuesday 10:00 Europe\/Berlin at (\S+) \(Europe\/Berlin\)\.|Planned slot open now: every 2nd Tuesday 10:00 Europe\/Berlin, until (\S+)\./.exec(run.stdout);
    expect(m, run.stdout).not.toBeNull();
    const at = m?.[1] ?? m?.[2] ?? "";
    expect(at).toMatch(/T1[01]:00:00\+0[12]:00$/);
    expect(new Date(at).getUTCDay()).toBe(2);
  });

  it("policy check names the broken slot by file and line (exit 2)", () => {
    writeFileSync(join(repo.dir, ".relm.yml"), 'policy:\n  schedule:\n    slots:\n      - train: "every 2nd Tuesday 25:00"\n');
    const run = runRelm(["policy", "check"], { cwd: repo.dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(".relm.yml:4 policy.schedule.slots.0.train");
    expect(run.stderr).toContain("expected \"every [Nth] <weekday> HH:MM [time zone]\"");
  });
});
