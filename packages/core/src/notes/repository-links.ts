export type ForgeStyle = "github" | "gitlab";

/** Web links into a repository, in the URL style of its forge. */
export interface RepositoryLinks {
  url: string;
  commit(hash: string): string;
  compare(from: string, to: string): string;
  issue(number: string, repository?: string): string;
  /** GitLab's `!34`; GitHub has no such reference (its `#12` is an issue or a pull request). */
  mergeRequest?(number: string): string;
}

/** GitLab puts its pages under `/-/`; self-hosted GitLab usually has "gitlab" in its host name. */
export function forgeStyleOf(url: string): ForgeStyle {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return "github";
  }
  return /(^|[.-])gitlab([.-]|$)/.test(host) ? "gitlab" : "github";
}

/** Links for a repository web URL (e.g. https://github.com/owner/repo); undefined for a URL that is not http(s). */
export function repositoryLinks(url: string, style: ForgeStyle = forgeStyleOf(url)): RepositoryLinks | undefined {
  if (!/^https?:\/\/[^\s/]+\/\S+$/.test(url)) return undefined;
  const base = url.replace(/\/+$/, "").replace(/\.git$/, "");
  const origin = base.replace(/^(https?:\/\/[^/]+).*$/, "$1");
  const dash = style === "gitlab" ? "/-" : "";
  const enc = (s: string) => s.split("/").map(encodeURIComponent).join("/");
  return {
    url: base,
    commit: (hash) => `${base}${dash}/commit/${enc(hash)}`,
    compare: (from, to) => `${base}${dash}/compare/${enc(from)}...${enc(to)}`,
    issue: (number, repository) => `${repository ? `${origin}/${enc(repository)}` : base}${dash}/issues/${enc(number)}`,
    ...(style === "gitlab" ? { mergeRequest: (number: string) => `${base}/-/merge_requests/${enc(number)}` } : {}),
  };
}
