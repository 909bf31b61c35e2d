import { describe, expect, it } from "vitest";
import { renderNotes, repositoryLinks, type PlannedCommit } from "../src/index.ts";

function pc(description: string): PlannedCommit {
  return {
    hash: "abcdef1234567890abcdef1234567890abcdef12",
    shortHash: "abcdef1",
    subject: `fix: ${description}`,
    description,
    type: "fix",
    breaking: false,
    breakingNotes: [],
    bump: "patch",
    references: [],
    author: "Ada",
    date: "2026-01-01T00:00:00Z",
  };
}

function notes(description: string, url?: string): string {
  const links = url === undefined ? undefined : repositoryLinks(url);
  return renderNotes({ version: "1.0.1", tag: "v1.0.1", date: "", commits: [pc(description)], ...(links ? { links } : {}), authors: false });
}

describe("references in note text", () => {
  it("link #12 to the GitHub issue (GitHub redirects to the pull request)", () => {
    expect(notes("stop crash (#12)", "https://github.com/o/r")).toContain("stop crash \\([#12](https://github.com/o/r/issues/12)\\)");
    expect(notes("Closes #7", "https://github.com/o/r")).toContain("Closes [#7](https://github.com/o/r/issues/7)");
  });

  it("link GitLab's #7 to issues and !34 to merge requests", () => {
    const md = notes("fix #7 via !34", "https://gitlab.example.com/g/app");
    expect(md).toContain("fix [#7](https://gitlab.example.com/g/app/-/issues/7) via [!34](https://gitlab.example.com/g/app/-/merge_requests/34)");
  });

  it("leave !34 as text on GitHub, and everything as text without a repository URL", () => {
    expect(notes("via !34", "https://github.com/o/r")).toContain("via \\!34");
    expect(notes("stop crash (#12)")).toContain("stop crash \\(\\#12\\)");
  });

  it("link digits only: no words, no glued references, the rest stays escaped", () => {
    const md = notes("a#12 #12a #x [#3](http://e) <b>#4</b>", "https://github.com/o/r");
    expect(md).toContain("a\\#12 \\#12a \\#x \\[[#3](https://github.com/o/r/issues/3)\\]\\(http://e\\) &lt;b&gt;[#4](https://github.com/o/r/issues/4)&lt;/b&gt;");
    expect(md).not.toContain("<b>");
  });
});
