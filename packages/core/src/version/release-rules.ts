import type { ConventionalCommit } from "../commits/index.ts";
import type { ReleaseRule } from "../policy/versioning-schema.ts";

export type ReleaseType = "major" | "minor" | "patch";
/** A bump level; "none" means nothing to release. */
export type Bump = ReleaseType | "none";

const RANK: Record<Bump, number> = { none: 0, patch: 1, minor: 2, major: 3 };

export function higherBump(a: Bump, b: Bump): Bump {
  return RANK[b] > RANK[a] ? b : a;
}

/** semantic-release's defaults (its commit-analyzer default-release-rules), which relm shares. */
export const defaultReleaseRules: readonly ReleaseRule[] = [
  { breaking: true, release: "major" },
  { revert: true, release: "patch" },
  { type: "feat", release: "minor" },
  { type: "fix", release: "patch" },
  { type: "perf", release: "patch" },
];

const globCache = new Map<string, RegExp>();
function glob(pattern: string): RegExp {
  let re = globCache.get(pattern);
  if (!re) {
    const source = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
    re = new RegExp(`^${source}$`, "i");
    globCache.set(pattern, re);
  }
  return re;
}

function matches(rule: ReleaseRule, commit: ConventionalCommit): boolean {
  if (rule.breaking === true && !commit.breaking) return false;
  if (rule.revert === true && commit.revert === undefined) return false;
  if (rule.type !== undefined && (commit.type === undefined || !glob(rule.type).test(commit.type))) return false;
  if (rule.scope !== undefined && (commit.scope === undefined || !glob(rule.scope).test(commit.scope))) return false;
  if (rule.subject !== undefined && !new RegExp(rule.subject).test(commit.description)) return false;
  return true;
}

/** The highest release among matching rules; `false` when a matching rule suppresses; undefined when none match. */
function analyse(rules: readonly ReleaseRule[], commit: ConventionalCommit): ReleaseType | false | undefined {
  let found: ReleaseType | false | undefined;
  for (const rule of rules) {
    if (!matches(rule, commit)) continue;
    if (found === undefined) found = rule.release;
    else if (rule.release !== false && (found === false || RANK[rule.release] > RANK[found])) found = rule.release;
    if (found === "major") break;
  }
  return found;
}

/**
 * The bump one commit asks for, semantic-release style: the project's rules first (highest
 * matching release wins, `release: false` suppresses), the defaults only when none of them match.
 */
export function commitBump(commit: ConventionalCommit, rules: readonly ReleaseRule[]): Bump {
  const own = rules.length > 0 ? analyse(rules, commit) : undefined;
  const result = own === undefined ? analyse(defaultReleaseRules, commit) : own;
  return result === undefined || result === false ? "none" : result;
}
