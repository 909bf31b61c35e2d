// Issue references as conventional-commits-parser 7 reads them: an action keyword (`Closes`) applies
// to every reference up to the next keyword (`Closes #1, #123 and #7`), a footer token may carry a
// colon (`Fixes: #9`), and a reference's repository is the whole word before `#`
// (`owner/repo#77`, `group/subgroup/project#5` on GitLab).

/** A reference as the reader returns it; the fields of IssueReference. */
export interface MessageReference {
  issue: string;
  repository?: string;
  action?: string;
}

const KEYWORDS = "close|closes|closed|fix|fixes|fixed|resolve|resolves|resolved";
const ACTION = new RegExp(`(?<!\\w)(${KEYWORDS})\\s+`, "gi");
const FOOTER_ACTION = new RegExp(`(?<!\\w)(${KEYWORDS}):?\\s+`, "gi");
// Where an action's sentence ends: the next keyword as a whole word.
const NEXT_KEYWORD = new RegExp(`(?<!\\w)(?:${KEYWORDS})(?!\\w)`, "gi");
const REFERENCE = /(?<![\w\-./])(?:([\w\-./]+)(?![\w\-./]))?#((?=[\w-]*\d)[\w-]+)(?=\s|$|[,;.)\]])/g;
// A line that holds a web address is skipped whole, as the parser does: `[#12](https://…/issues/12)`
// in quoted release notes would otherwise reference old issues again.
const URL = /\bhttps?:\/\/(?:www\.)?[-a-zA-Z0-9@:%_+.~#?&/=]+\b/;

function collect(text: string, action: string | undefined, out: MessageReference[], seen: Set<string>): void {
  if (!text.includes("#")) return;
  for (const m of text.matchAll(REFERENCE)) {
    const issue = m[2] ?? "";
    const repository = m[1];
    // Only numbers are issues, and a repository names its owner: `word#5` (no slash) is not a
    // reference on GitHub or GitLab, which the parser would read as repository `word`.
    if (!/^\d+$/.test(issue) || (repository !== undefined && !repository.includes("/"))) continue;
    const key = `${action ?? ""} ${repository ?? ""}#${issue}`.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    const ref: MessageReference = { issue };
    if (repository !== undefined) ref.repository = repository;
    if (action !== undefined) ref.action = action;
    out.push(ref);
  }
}

/** Appends the references of one line to `out`, skipping any already in `seen`. */
export function referencesIn(line: string, footerToken: boolean, out: MessageReference[], seen: Set<string>): void {
  if (!line.includes("#") || URL.test(line)) return;
  const actions = footerToken ? FOOTER_ACTION : ACTION;
  actions.lastIndex = 0;
  let from = 0;
  for (let a = actions.exec(line); a !== null; a = actions.exec(line)) {
    collect(line.slice(from, a.index), undefined, out, seen);
    NEXT_KEYWORD.lastIndex = actions.lastIndex;
    const next = NEXT_KEYWORD.exec(line);
    const end = next ? next.index : line.length;
    collect(line.slice(actions.lastIndex, end), (a[1] ?? "").toLowerCase(), out, seen);
    from = end;
    actions.lastIndex = end;
  }
  collect(line.slice(from), undefined, out, seen);
}
