import { describe, expect, it } from "vitest";
import { buildCandidate, candidateDigest, requireCandidate, type CandidateInput } from "@relm/core";

const base: CandidateInput = {
  repository: "acme/app",
  commit: "a".repeat(40),
  targets: [{ version: "1.2.0", tag: "v1.2.0", notes: "### Features\n\n- x\n" }],
  policy: { file: ".relm.yml", text: "approval:\n  users: [carol]\n" },
};

describe("release candidate", () => {
  it("has one digest for one content, whatever the order it was given in", () => {
    const a = buildCandidate({ ...base, targets: [{ package: "b", version: "1.0.0", tag: "b@1.0.0", notes: "b" }, { package: "a", version: "2.0.0", tag: "a@2.0.0", notes: "a" }] });
    const b = buildCandidate({ ...base, targets: [{ package: "a", version: "2.0.0", tag: "a@2.0.0", notes: "a" }, { package: "b", version: "1.0.0", tag: "b@1.0.0", notes: "b" }] });
    expect(a.digest).toBe(b.digest);
    expect(a.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(candidateDigest(a.candidate)).toBe(a.digest);
  });

  it("names what differs: another commit, changed notes, a changed policy, a changed artifact", () => {
    const signed = buildCandidate({ ...base, artifacts: [{ name: "app.tgz", sha256: "1".repeat(64), size: 10 }] });
    const now = buildCandidate({
      ...base,
      commit: "b".repeat(40),
      targets: [{ version: "1.2.0", tag: "v1.2.0", notes: "### Features\n\n- y\n" }],
      policy: { file: ".relm.yml", text: "approval: {}\n" },
      artifacts: [{ name: "app.tgz", sha256: "2".repeat(64), size: 10 }],
    });
    let error: unknown;
    try {
      requireCandidate("publish", signed, now);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: "RELM_CANDIDATE_MISMATCH", kind: "refused" });
    const details = (error as { details: { where: string; message: string }[] }).details;
    expect(details.map((d) => d.where)).toEqual(["commit", "release notes", "policy", "artifact app.tgz"]);
    expect(details[0]?.message).toContain("a different commit");
  });

  it("a candidate signed before the artifacts were built still matches once they are", () => {
    const signed = buildCandidate(base);
    const now = buildCandidate({ ...base, artifacts: [{ name: "app.tgz", sha256: "1".repeat(64), size: 10 }] });
    expect(requireCandidate("publish", signed, now).digest).toBe(signed.digest);
    expect(requireCandidate("publish", { digest: signed.digest }, now).digest).toBe(signed.digest);
  });

  it("a digest alone that matches nothing computed now is refused, showing the candidate computed now", () => {
    const now = buildCandidate(base);
    expect(() => requireCandidate("tag", { digest: `sha256:${"0".repeat(64)}` }, now)).toThrow(/not the release candidate the CAB signed/);
  });

  it("a signed candidate whose content does not match its digest is refused", () => {
    const signed = buildCandidate(base);
    expect(() => requireCandidate("tag", { digest: `sha256:${"0".repeat(64)}`, candidate: signed.candidate }, signed)).toThrow(
      expect.objectContaining({ details: [expect.objectContaining({ message: expect.stringContaining("does not have the digest") })] }),
    );
  });
});
