// End to end: the real `relm` CLI against a replayed real history.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixtureOver, gitEnv } from "./support/git-fixture.ts";
import { removeReplay, replayHistory } from "./support/replay.ts";
import { relmBin, runRelm, runRelmJson } from "./support/run-relm.ts";

describe("a replayed real history (semantic-release)", () => {
  let dir: string;
  beforeAll(() => {
    dir = replayHistory("semantic-release");
  });
  afterAll(() => removeReplay(dir));

  it("computes the version semantic-release actually released, for its latest releases", () => {
    const git = fixtureOver(dir).git;
    // The newest stable release tags on the main line, with the commit each was cut from.
    const tags = git("tag", "--merged", "HEAD", "--sort=-v:refname", "--list", "v*")
      .split("\n")
      .filter((t) => /^v\d+\.\d+\.\d+$/.test(t))
      .slice(0, 3);
    expect(tags).toHaveLength(3);
    for (const tag of tags) {
      const commit = git("rev-parse", `${tag}^{commit}`);
      // Hide the tag under test: planning its commit must find it again.
      git("tag", "-d", tag);
      try {
        const run = runRelm(["version", "--cwd", dir, "--to", commit]);
        expect(run.stderr, tag).toBe("");
        expect(run.stdout, tag).toBe(`${tag.slice(1)}\n`);
      } finally {
        git("tag", tag, commit);
      }
    }
  });

  it("plans the whole history as JSON", () => {
    const { code, json } = runRelmJson<{ schema: string; released: boolean }>(["plan", "--cwd", dir]);
    expect(code).toBe(0);
    expect(json.schema).toBe("relm.plan/1");
    expect(typeof json.released).toBe("boolean");
  });

  it("stops quietly when its reader closes the pipe early (relm plan --json | head)", async () => {
    const child = spawn(process.execPath, [relmBin, "plan", "--json", "--cwd", dir, "--from", "v1.0.0"], { env: gitEnv({ NO_COLOR: "1" }) });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    // Read one chunk, then hang up, as `head -c` does: the rest of the plan meets a closed pipe.
    await once(child.stdout, "data");
    child.stdout.destroy();
    const [code] = (await once(child, "close")) as [number | null];
    expect(stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(code).toBe(0);
  });
});
