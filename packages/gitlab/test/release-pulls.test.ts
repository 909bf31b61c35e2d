// The release MR adapter against the fake GitLab: names with slashes (project path, branch, file)
// encoded as GitLab wants them, the commit's file actions applied, and GitLab's refusals kept.
import { afterEach, describe, expect, it } from "vitest";
import { RelmError } from "@relm/core";
import { seedCommit } from "../../../test/support/fake-gitlab/index.ts";
import { gitlabReleasePulls } from "../src/index.ts";
import { harness, type Harness } from "./support.ts";

const BASE = "a".repeat(40);

describe("gitlabReleasePulls", () => {
  let h: Harness;
  afterEach(async () => h.fake.close());

  async function pulls() {
    h = await harness();
    seedCommit(h.fake.state, { id: BASE, files: { "package.json": '{"version":"1.0.0"}\n', "docs/CHANGELOG.md": "# Changelog\n" } }, "main");
    return gitlabReleasePulls(h.forge.client, "acme/app");
  }

  it("reads heads, parents and files; a missing branch or file is undefined, not an error", async () => {
    const p = await pulls();
    expect(await p.head("main")).toBe(BASE);
    expect(await p.head("relm/release-main")).toBeUndefined();
    expect(await p.read("main", "docs/CHANGELOG.md")).toBe("# Changelog\n");
    expect(await p.read(BASE, "docs/missing.md")).toBeUndefined();
    expect(h.fake.violations).toEqual([]);
  });

  it("commits create and update actions in one call; the new branch reads back the new text", async () => {
    const p = await pulls();
    const made = await p.commit({
      branch: "relm/release-main", base: "main", baseHead: BASE, message: "chore(release): 1.1.0\n",
      files: [{ path: "package.json", text: '{"version":"1.1.0"}\n', created: false }, { path: "packages/a/CHANGELOG.md", text: "# a\n", created: true }],
    });
    expect(await p.head("relm/release-main")).toBe(made);
    expect(await p.parent(made)).toBe(BASE);
    expect(await p.read(made, "package.json")).toBe('{"version":"1.1.0"}\n');
    expect(await p.read("relm/release-main", "packages/a/CHANGELOG.md")).toBe("# a\n");
    expect(await p.read("main", "package.json")).toBe('{"version":"1.0.0"}\n');
    expect(h.fake.requests.filter((r) => r.route === "create-commit")).toHaveLength(1);
    // Again from the base: forced over the branch, not stacked on it.
    const again = await p.commit({ branch: "relm/release-main", base: "main", baseHead: BASE, message: "x\n", files: [{ path: "package.json", text: "{}\n", created: false }] });
    expect(await p.parent(again)).toBe(BASE);
    expect(h.fake.violations).toEqual([]);
  });

  it("GitLab's 400 for \"create\" of a file that exists comes back as RELM_GITLAB_REQUEST naming the call", async () => {
    const p = await pulls();
    const error = await p.commit({ branch: "relm/release-main", base: "main", baseHead: BASE, message: "x\n", files: [{ path: "package.json", text: "{}\n", created: true }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RelmError);
    expect((error as RelmError).code).toBe("RELM_GITLAB_REQUEST");
    expect((error as RelmError).message).toContain("POST /projects/:id/repository/commits failed with 400");
    expect((error as RelmError).message).toContain("A file with this name already exists");
    expect(h.fake.state.branches.has("relm/release-main")).toBe(false);
  });

  it("opens, finds, updates and closes the MR by iid; labels a person added stay", async () => {
    const p = await pulls();
    await p.commit({ branch: "relm/release-main", base: "main", baseHead: BASE, message: "x\n", files: [{ path: "package.json", text: "{}\n", created: false }] });
    expect(await p.findOpen("relm/release-main", "main")).toBeUndefined();
    const opened = await p.open({ head: "relm/release-main", base: "main", title: "chore(release): 1.1.0", body: "body", label: "relm: pending" });
    expect(opened).toEqual({ number: 1, url: "https://gitlab.invalid/acme/app/-/merge_requests/1", body: "body" });
    h.fake.state.mergeRequests[0]?.labels.push("team: web");
    await p.update(opened, { title: "chore(release): 2.0.0", body: "new body", label: "relm: pending" });
    expect(await p.findOpen("relm/release-main", "main")).toMatchObject({ number: 1, body: "new body" });
    expect(h.fake.state.mergeRequests[0]).toMatchObject({ title: "chore(release): 2.0.0", labels: ["relm: pending", "team: web"], remove_source_branch: true });
    await p.close(opened, "Nothing to release any more.");
    expect(h.fake.state.mergeRequests[0]).toMatchObject({ state: "closed", notes: [expect.objectContaining({ body: "Nothing to release any more." })] });
    expect(await p.findOpen("relm/release-main", "main")).toBeUndefined();
    expect(h.fake.violations).toEqual([]);
  });
});
