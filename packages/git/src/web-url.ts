// A git remote URL (what `git remote get-url origin` prints) to the web URL of the repository, for
// links in release notes. Credentials in the remote never survive; ssh ports are not the web's.

const SCP_LIKE = /^(?:[^@/\s]+@)?([^:/\s]+):(?!\/)(.+)$/;

/** `https://host/owner/repo` (GitLab subgroups kept), or undefined for local paths and unknown schemes. */
export function remoteWebUrl(remote: string): string | undefined {
  const text = remote.trim();
  if (text === "") return undefined;
  let host: string;
  let path: string;
  let scheme = "https";
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return undefined;
    }
    const protocol = url.protocol.replace(/:$/, "").toLowerCase();
    if (protocol === "file") return undefined;
    if (protocol === "http" || protocol === "https") {
      scheme = protocol;
      host = url.host; // keeps a web port such as :8443, drops user:token@
    } else if (protocol === "ssh" || protocol === "git" || protocol === "git+ssh" || protocol === "ssh+git") {
      host = url.hostname;
    } else {
      return undefined;
    }
    path = decodeURIComponent(url.pathname);
  } else {
    const m = SCP_LIKE.exec(text);
    if (!m || /^[a-z]$/i.test(m[1] ?? "")) return undefined; // C:\repo is a Windows path, not a host
    host = m[1] ?? "";
    path = m[2] ?? "";
  }
  const clean = path.replace(/^\/+|\/+$/g, "").replace(/\.git$/, "");
  if (host === "" || clean === "" || !clean.includes("/")) return undefined;
  return `${scheme}://${host.toLowerCase()}/${clean}`;
}

/** Which forge's URL style a web URL follows; self-hosted GitLab usually has "gitlab" in its host. */
export function forgeOfWebUrl(webUrl: string): "github" | "gitlab" | "unknown" {
  const host = new URL(webUrl).hostname;
  if (host === "github.com" || host.endsWith(".github.com") || /(^|\.)github\./.test(host)) return "github";
  if (/(^|[.-])gitlab([.-]|$)/.test(host)) return "gitlab";
  return "unknown";
}
