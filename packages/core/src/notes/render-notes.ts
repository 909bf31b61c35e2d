import type { NotesSection } from "../policy/versioning-schema.ts";
import type { PlannedCommit } from "../version/release-plan.ts";
import { compareText } from "./compare-text.ts";
import { creditedAuthor } from "./credited-author.ts";
import { escapeMarkdown } from "./escape-markdown.ts";
import { linkedReferences } from "./linked-references.ts";
import { newContributorLines, type NewContributor } from "./new-contributors.ts";
import type { RepositoryLinks } from "./repository-links.ts";

/** The conventionalcommits preset's sections: what users of conventional-changelog already see. */
export const defaultNotesSections: readonly NotesSection[] = [
  { type: "feat", section: "Features", hidden: false },
  { type: "fix", section: "Bug Fixes", hidden: false },
  { type: "perf", section: "Performance Improvements", hidden: false },
  { type: "revert", section: "Reverts", hidden: false },
  { type: "docs", section: "Documentation", hidden: true },
  { type: "style", section: "Styles", hidden: true },
  { type: "chore", section: "Miscellaneous Chores", hidden: true },
  { type: "refactor", section: "Code Refactoring", hidden: true },
  { type: "test", section: "Tests", hidden: true },
  { type: "build", section: "Build System", hidden: true },
  { type: "ci", section: "Continuous Integration", hidden: true },
];

export interface NotesInput {
  version: string;
  tag: string;
  previousTag?: string;
  /** Release date, YYYY-MM-DD. */
  date: string;
  commits: readonly PlannedCommit[];
  /** Workspace dependencies released with this version (a monorepo's dependents). */
  dependencies?: ReadonlyArray<{ name: string; version: string }>;
  sections?: readonly NotesSection[];
  links?: RepositoryLinks;
  authors?: boolean;
  /** Forge logins by commit hash: such a commit credits `@login` instead of its git author name. */
  logins?: ReadonlyMap<string, string>;
  /** Authors whose first commit is in this release, oldest first: the New contributors section. */
  newContributors?: readonly NewContributor[];
}

function link(text: string, url: string | undefined): string {
  return url === undefined ? text : `[${text}](${url})`;
}

function entry(c: PlannedCommit, text: string, input: NotesInput): string {
  const scope = c.scope === undefined ? "" : `**${escapeMarkdown(c.scope)}:** `;
  const refs = c.references
    .filter((r) => !text.includes(`#${r.issue}`) || r.repository !== undefined)
    .map((r) => link(`${r.repository ? escapeMarkdown(r.repository) : ""}#${r.issue}`, input.links?.issue(r.issue, r.repository)));
  const parts = [`* ${scope}${linkedReferences(escapeMarkdown(text), input.links)}`];
  if (refs.length > 0) parts.push(`(${refs.join(", ")})`);
  parts.push(`(${link(c.shortHash, input.links?.commit(c.hash))})`);
  const login = input.logins?.get(c.hash);
  if (input.authors !== false && (c.author !== "" || login !== undefined)) parts.push(`by ${creditedAuthor(c.author, login)}`);
  return parts.join(" ");
}

/** The type a commit is filed under in the notes: reverts of earlier releases go under "revert". */
function noteType(c: PlannedCommit): string | undefined {
  return c.reverts !== undefined ? "revert" : c.type;
}

/** The commits the notes list: the breaking ones and those of the shown sections (the ones that name their author). */
export function listedCommits(input: Pick<NotesInput, "commits" | "sections">): PlannedCommit[] {
  const shown = new Set((input.sections ?? defaultNotesSections).filter((s) => !s.hidden).map((s) => s.type));
  return input.commits.filter((c) => {
    const t = noteType(c);
    return c.breaking || (t !== undefined && shown.has(t));
  });
}

/**
 * Release notes as Markdown: a heading (linked to the compare view when the repository is known),
 * breaking changes first, then the sections in their configured order. Every piece of commit
 * text is escaped; hidden types still count for the version but are not listed.
 */
export function renderNotes(input: NotesInput): string {
  const sections = input.sections ?? defaultNotesSections;
  const compare = input.previousTag !== undefined ? input.links?.compare(input.previousTag, input.tag) : undefined;
  // No date is no `()`: an empty pair reads as a broken heading.
  const lines = [`## ${link(input.version, compare)}${input.date === "" ? "" : ` (${input.date})`}`, ""];

  const breaking = input.commits.filter((c) => c.breaking);
  if (breaking.length > 0) {
    lines.push("### ⚠ BREAKING CHANGES", "");
    for (const c of breaking) for (const note of c.breakingNotes) lines.push(entry(c, note, input));
    lines.push("");
  }
  const byType = new Map<string, PlannedCommit[]>();
  for (const c of input.commits) {
    const t = noteType(c);
    if (t === undefined) continue;
    const list = byType.get(t);
    if (list) list.push(c);
    else byType.set(t, [c]);
  }
  const shown = new Set<string>();
  for (const s of sections) {
    if (s.hidden || shown.has(s.type)) continue;
    shown.add(s.type);
    const list = byType.get(s.type);
    if (!list || list.length === 0) continue;
    lines.push(`### ${escapeMarkdown(s.section ?? s.type)}`, "");
    // Scoped entries grouped by scope, as readers scan for the part they use. compareText orders
    // as localeCompare does, without paying for ICU's collator set-up on every plan.
    const sorted = [...list].sort((a, b) => compareText(a.scope ?? "", b.scope ?? ""));
    for (const c of sorted) lines.push(entry(c, c.description === "" ? c.shortHash : c.description, input));
    lines.push("");
  }
  if (input.dependencies !== undefined && input.dependencies.length > 0) {
    lines.push("### Dependencies", "");
    for (const d of input.dependencies) lines.push(`* updated ${escapeMarkdown(d.name)} to ${d.version}`);
    lines.push("");
  }
  if (input.newContributors !== undefined) lines.push(...newContributorLines(input.newContributors, input.links));
  return `${lines.join("\n").trimEnd()}\n`;
}
