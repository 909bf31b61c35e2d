import { describe, expect, it } from "vitest";
import { forgeOfWebUrl, remoteWebUrl } from "@relm/git";

describe("remoteWebUrl", () => {
  it.each([
    ["git@github.com:acme/widgets.git", "https://github.com/acme/widgets"],
    ["git@github.com:acme/widgets", "https://github.com/acme/widgets"],
    ["https://github.com/acme/widgets.git", "https://github.com/acme/widgets"],
    ["https://github.com/acme/widgets/", "https://github.com/acme/widgets"],
    ["https://x-access-token:ghs_secret@github.com/acme/widgets.git", "https://github.com/acme/widgets"],
    ["ssh://git@github.com/acme/widgets.git", "https://github.com/acme/widgets"],
    ["git://github.com/acme/widgets.git", "https://github.com/acme/widgets"],
    ["git@gitlab.com:group/subgroup/deeper/project.git", "https://gitlab.com/group/subgroup/deeper/project"],
    ["https://gitlab-ci-token:secret@gitlab.example.com/group/sub/project.git", "https://gitlab.example.com/group/sub/project"],
    ["ssh://git@gitlab.example.com:2222/group/sub/project.git", "https://gitlab.example.com/group/sub/project"],
    ["https://gitlab.example.com:8443/group/project.git", "https://gitlab.example.com:8443/group/project"],
    ["http://git.internal/team/repo.git", "http://git.internal/team/repo"],
    ["GIT@GitHub.com:Acme/Widgets.git", "https://github.com/Acme/Widgets"],
  ])("%s -> %s", (remote, web) => {
    expect(remoteWebUrl(remote)).toBe(web);
  });

  it.each([["/srv/git/repo.git"], ["file:///srv/git/repo.git"], ["../relative/repo"], ["C:\\repos\\x"], [""], ["https://github.com/"], ["git@github.com:onlyname.git"], ["not a url"]])(
    "has no web URL for %j",
    (remote) => {
      expect(remoteWebUrl(remote)).toBeUndefined();
    },
  );
});

describe("forgeOfWebUrl", () => {
  it("tells GitHub and GitLab URL styles apart", () => {
    expect(forgeOfWebUrl("https://github.com/acme/widgets")).toBe("github");
    expect(forgeOfWebUrl("https://gitlab.com/group/sub/project")).toBe("gitlab");
    expect(forgeOfWebUrl("https://gitlab.example.com/group/project")).toBe("gitlab");
    expect(forgeOfWebUrl("https://code.example.com/group/project")).toBe("unknown");
  });
});
