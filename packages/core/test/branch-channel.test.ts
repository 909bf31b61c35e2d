import { describe, expect, it } from "vitest";
import { assertInRange, branchChannel } from "../src/version/branch-channel.ts";

const entries = ["main", "release/*", { name: "next", prerelease: true as const }, { name: "beta", prerelease: "b", channel: "beta" }, "1.x", { name: "old", range: "1.2.x" }];

describe("branchChannel", () => {
  it("keeps the old behaviour when branches is absent", () => {
    expect(branchChannel(undefined, "anything")).toBeUndefined();
  });
  it("tells release, prerelease and maintenance branches apart", () => {
    expect(branchChannel(entries, "main")).toEqual({ branch: "main", kind: "release" });
    expect(branchChannel(entries, "release/2")).toEqual({ branch: "release/2", kind: "release" });
    expect(branchChannel(entries, "next")).toEqual({ branch: "next", kind: "prerelease", prerelease: "next" });
    expect(branchChannel(entries, "beta")).toEqual({ branch: "beta", kind: "prerelease", prerelease: "b", channel: "beta" });
    expect(branchChannel(entries, "1.x")).toEqual({ branch: "1.x", kind: "maintenance", range: "1.x" });
    expect(branchChannel(entries, "old")).toEqual({ branch: "old", kind: "maintenance", range: "1.2.x" });
  });
  it("refuses an unlisted or unknown branch", () => {
    expect(() => branchChannel(entries, "topic")).toThrow(expect.objectContaining({ code: "RELM_BRANCH_NOT_RELEASED" }));
    expect(() => branchChannel(entries, undefined)).toThrow(expect.objectContaining({ code: "RELM_BRANCH_UNKNOWN" }));
  });
  it("refuses a version outside a maintenance range, naming branch, range and version", async () => {
    const line = branchChannel(entries, "1.x");
    await expect(assertInRange(line, "1.4.1")).resolves.toBeUndefined();
    await expect(assertInRange(line, "2.0.0")).rejects.toThrow(/1\.x.*1\.x.*2\.0\.0/);
  });
});
