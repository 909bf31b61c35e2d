import picomatch from "picomatch";
import { z } from "zod";
import { matchesAny } from "./matches-any.ts";

export { matchesAny };

/**
 * Why a glob is unusable, or undefined when it is fine. picomatch quietly reads a broken glob
 * (`release/[`, `{a,b`) as a literal or as "matches nothing", and `!main` in an allow-list lets
 * every other branch through: in a policy each of these would silently change what is allowed.
 */
export function globProblem(glob: string, kind: "ref" | "path"): string | undefined {
  if (glob.startsWith("!")) return "a negated glob (!...) in an allow-list would allow everything else: list what is allowed";
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(glob)) return "contains a control character";
  if (kind === "ref") {
    if (/\s/.test(glob)) return "contains white space, which no git branch or tag name can";
    if (glob.startsWith("refs/")) return "globs match short names (main, v1.2.3), not refs/heads/... or refs/tags/...";
  }
  try {
    picomatch.makeRe(glob, { dot: true, strictBrackets: true });
  } catch (error) {
    return (error as Error).message;
  }
  return undefined;
}

/** A glob in .relm.yml, validated where it is written so that a mistake names its key and line. */
export function globSchema(kind: "ref" | "path") {
  return z
    .string()
    .min(1)
    .superRefine((glob, ctx) => {
      const problem = globProblem(glob, kind);
      if (problem) ctx.addIssue({ code: "custom", message: `not a usable glob: ${problem}` });
    })
    .describe(
      kind === "ref"
        ? "A glob over short branch or tag names: * stays within a path segment, ** crosses them, {a,b} and [0-9] as usual; no negation (!), no white space, no refs/ prefix."
        : "A glob over repository paths: * stays within a path segment, ** crosses them; no negation (!).",
    );
}
