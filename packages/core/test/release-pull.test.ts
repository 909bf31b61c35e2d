import { describe, expect, it } from "vitest";
import type { FileChange, ReleasePull, ReleasePulls } from "../src/ports/release-pulls.ts";
import type { PreparedRelease } from "../src/usecases/prepare.ts";
import { RELEASE_PULL_LABEL, RELEASE_PULL_MARKER, releasePull } from "../src/usecases/release-pull.ts";

/** A forge in memory: branches point at commits, commits hold whole file maps. */
function memoryForge() {
  const commits = new Map<string, { parent: string | undefined; files: Map<string, string> }>([["c0", { parent: undefined, files: new Map([["package.json", "{}"]]) }]]);
  const branches = new Map<string, string>([["main", "c0"]]);
  const pulls: Array<ReleasePull & { head: string; title: string; state: "open" | "closed"; labels: string[] }> = [];
  let n = 0;
  const port: ReleasePulls = {
    head: async (b) => branches.get(b),
    parent: async (c) => commits.get(c)?.parent,
    read: async (ref, path) => commits.get(branches.get(ref) ?? ref)?.files.get(path),
    commit: async ({ branch, baseHead, files }: { branch: string; baseHead: string; files: readonly FileChange[] }) => {
      const id = `c${++n}`;
      const next = new Map(commits.get(baseHead)?.files);
      for (const f of files) next.set(f.path, f.text);
      commits.set(id, { parent: baseHead, files: next });
      branches.set(branch, id);
      return id;
    },
    findOpen: async (head) => pulls.find((p) => p.head === head && p.state === "open"),
    open: async ({ head, title, body, label }) => {
      const p = { number: pulls.length + 1, url: `pr/${pulls.length + 1}`, body, head, title, state: "open" as const, labels: [label] };
      pulls.push(p);
      return p;
    },
    update: async (pull, { title, body }) => Object.assign(pull, { title, body }) && undefined,
    close: async (pull) => Object.assign(pull, { state: "closed" }) && undefined,
  };
  return { port, pulls, branches, commits };
}

const prepared = (version: string): PreparedRelease => ({
  released: true,
  versions: [{ name: "app", version, tag: `v${version}` }],
  files: [{ path: "package.json", kind: "manifest", changed: true, created: false, changes: ["version"], text: `{"version":"${version}"}` }],
  notes: [],
  commitMessage: `chore(release): ${version}`,
});

describe("releasePull", () => {
  it("opens, keeps, updates and closes one PR per base branch", async () => {
    const forge = memoryForge();
    const req = { base: "main", notes: "### Features\n\n- a thing", candidateDigest: "sha256:abc" };
    const opened = await releasePull({ pulls: forge.port }, { ...req, prepared: prepared("1.1.0") });
    expect(opened).toMatchObject({ action: "opened", branch: "relm/release-main", committed: true, title: "chore(release): 1.1.0" });
    expect(forge.pulls[0]?.labels).toEqual([RELEASE_PULL_LABEL]);
    expect(forge.pulls[0]?.body).toContain(RELEASE_PULL_MARKER);
    expect(forge.pulls[0]?.body).toContain("sha256:abc");

    const again = await releasePull({ pulls: forge.port }, { ...req, prepared: prepared("1.1.0") });
    expect(again).toMatchObject({ action: "unchanged", committed: false, commit: opened.commit });

    forge.commits.set("c9", { parent: "c0", files: new Map([["package.json", "{}"]]) });
    forge.branches.set("main", "c9");
    const moved = await releasePull({ pulls: forge.port }, { ...req, prepared: prepared("1.2.0") });
    expect(moved).toMatchObject({ action: "updated", committed: true, pull: { number: 1 } });
    expect(forge.commits.get(moved.commit ?? "")?.parent).toBe("c9");
    expect(forge.pulls).toHaveLength(1);

    const none: PreparedRelease = { released: false, reason: "no releasable commits", versions: [], files: [], notes: [] };
    const closed = await releasePull({ pulls: forge.port }, { ...req, prepared: none });
    expect(closed).toMatchObject({ action: "closed", pull: { number: 1 } });
    expect(forge.pulls[0]?.state).toBe("closed");
  });

  it("leaves a PR on the branch that relm did not open alone, and a dry run writes nothing", async () => {
    const forge = memoryForge();
    await forge.port.open({ head: "relm/release-main", base: "main", title: "mine", body: "by hand", label: "x" });
    const dry = await releasePull({ pulls: forge.port }, { base: "main", notes: "", prepared: prepared("2.0.0"), dryRun: true });
    expect(dry).toMatchObject({ action: "opened", dryRun: true, committed: true });
    expect(forge.branches.has("relm/release-main")).toBe(false);
    expect(forge.pulls).toHaveLength(1);
  });
});
