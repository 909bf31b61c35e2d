import { RelmError } from "../errors.ts";
import type { FileChange, ReleasePull, ReleasePulls } from "../ports/release-pulls.ts";
import type { PreparedRelease } from "./prepare.ts";

export const RELEASE_PULL_LABEL = "relm: pending";
/** Hidden in the body: how relm tells its own PR from one a person opened on the same branch. */
export const RELEASE_PULL_MARKER = "<!-- relm:release-pr -->";

export interface ReleasePullRequest {
  base: string;
  prepared: PreparedRelease;
  /** The plan's notes as Markdown, untrusted text already escaped by the notes renderer. */
  notes: string;
  /** The release candidate's digest, the one `relm plan --candidate` writes. */
  candidateDigest?: string;
  dryRun?: boolean;
}

export type ReleasePullAction = "opened" | "updated" | "unchanged" | "closed" | "nothing";

export interface ReleasePullResult {
  action: ReleasePullAction;
  branch: string;
  title?: string;
  /** The commit made on the release branch, when one was made (or would be, on a dry run). */
  commit?: string;
  committed: boolean;
  pull?: { number: number; url: string };
  reason?: string;
  dryRun: boolean;
}

export const releaseBranch = (base: string): string => `relm/release-${base}`;

export function releasePullTitle(prepared: PreparedRelease): string {
  return prepared.commitMessage ?? `chore(release): ${prepared.versions.map((v) => v.version).join(", ")}`;
}

export function releasePullBody(request: Pick<ReleasePullRequest, "notes" | "candidateDigest">, versions: PreparedRelease["versions"]): string {
  const listed = versions.map((v) => `- \`${v.name || "release"}\` ${v.version} (tag \`${v.tag}\`)`).join("\n");
  const digest = request.candidateDigest === undefined ? "" : `\n\nRelease candidate: \`${request.candidateDigest}\``;
  return `${RELEASE_PULL_MARKER}\n## Release\n\n${listed}${digest}\n\n${request.notes.trim()}\n\n---\nMerging this PR releases it. relm updates it on every push to the base branch.\n`;
}

/**
 * `relm pr`: one release PR/MR per base branch, kept in step with the plan. The release branch is
 * always the base head plus one commit; when the branch already is exactly that, nothing is
 * committed, so a re-run with no new commit changes nothing.
 */
export async function releasePull(ports: { pulls: ReleasePulls }, request: ReleasePullRequest): Promise<ReleasePullResult> {
  const { pulls } = ports;
  const branch = releaseBranch(request.base);
  const dryRun = request.dryRun === true;
  const existing = await ownPull(pulls, branch, request.base);
  const changes: FileChange[] = request.prepared.files.filter((f) => f.changed).map((f) => ({ path: f.path, text: f.text, created: f.created }));
  if (!request.prepared.released || changes.length === 0) {
    const reason = request.prepared.reason ?? "nothing to write";
    if (existing === undefined) return { action: "nothing", branch, committed: false, reason, dryRun };
    if (!dryRun) await pulls.close(existing, `Nothing to release any more (${reason}): relm closed this PR.`);
    return { action: "closed", branch, committed: false, pull: { number: existing.number, url: existing.url }, reason, dryRun };
  }
  const title = releasePullTitle(request.prepared);
  const body = releasePullBody(request, request.prepared.versions);
  const baseHead = await pulls.head(request.base);
  if (baseHead === undefined) throw new RelmError("RELM_PR_BASE_MISSING", "not-found", `base branch ${request.base} not found on the forge`, { hint: "Push the base branch, or name another with --base." });
  const current = await upToDate(pulls, branch, baseHead, changes);
  let commit = current;
  if (current === undefined && !dryRun) commit = await pulls.commit({ branch, base: request.base, baseHead, message: `${title}\n`, files: changes });
  const committed = current === undefined;
  if (existing !== undefined) {
    if (!dryRun) await pulls.update(existing, { title, body, label: RELEASE_PULL_LABEL });
    const action = committed || existing.body !== body ? "updated" : "unchanged";
    return { action, branch, title, ...(commit ? { commit } : {}), committed, pull: { number: existing.number, url: existing.url }, dryRun };
  }
  if (dryRun) return { action: "opened", branch, title, committed, dryRun };
  const pull = await pulls.open({ head: branch, base: request.base, title, body, label: RELEASE_PULL_LABEL });
  return { action: "opened", branch, title, ...(commit ? { commit } : {}), committed, pull: { number: pull.number, url: pull.url }, dryRun };
}

async function ownPull(pulls: ReleasePulls, branch: string, base: string): Promise<ReleasePull | undefined> {
  const found = await pulls.findOpen(branch, base);
  return found !== undefined && found.body.includes(RELEASE_PULL_MARKER) ? found : undefined;
}

/** The release branch's head when it is already the base head plus these very files. */
async function upToDate(pulls: ReleasePulls, branch: string, baseHead: string, changes: readonly FileChange[]): Promise<string | undefined> {
  const head = await pulls.head(branch);
  if (head === undefined || (await pulls.parent(head)) !== baseHead) return undefined;
  for (const c of changes) if ((await pulls.read(head, c.path)) !== c.text) return undefined;
  return head;
}
