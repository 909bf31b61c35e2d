// semantic-release style `branches`: which branches release, on which prerelease id, channel and range.
import { z } from "zod";
import { semverRanges } from "../version/semver-ranges.ts";
import { maintenanceRange } from "../version/branch-channel.ts";
import { matchesAny } from "./glob-match.ts";

const branchName = z.string().min(1).describe("Branch name or glob (e.g. main, next, 1.x, release/*).");

const branchObject = z.strictObject({
  name: branchName,
  prerelease: z
    .union([z.literal(true), z.string().regex(/^[0-9A-Za-z-]+$/, "a prerelease id is letters, digits and hyphens (e.g. beta)")])
    .optional()
    .describe("Prerelease branch: true uses the branch name as the id (next gives 2.0.0-next.1), a string names the id."),
  channel: z.string().min(1).optional().describe("Distribution channel (e.g. an npm dist-tag) of this branch's releases."),
  range: z.string().min(1).optional().describe("Maintenance range (e.g. 1.x): only versions inside it may be released here. Names like 1.x and 1.2.x imply it."),
});

const nameOf = (e: string | { name: string }): string => (typeof e === "string" ? e : e.name);

export const branchesSchema = z
  .array(z.union([branchName, branchObject]))
  .superRefine((entries, ctx) => {
    entries.forEach((entry, i) => {
      const range = typeof entry === "string" ? maintenanceRange(entry, undefined) : maintenanceRange(entry.name, entry.range);
      if (range !== undefined && semverRanges.validRange(range) === null) {
        ctx.addIssue({ code: "custom", path: typeof entry === "string" ? [i] : [i, "range"], message: `${range} is not a semver range` });
      }
      // Two entries for one branch would leave its kind to the order of the list: refuse instead.
      for (let j = 0; j < i; j++) {
        const a = nameOf(entries[j] ?? ""), b = nameOf(entry);
        if (a === b || matchesAny(a, [b]) || matchesAny(b, [a])) {
          ctx.addIssue({ code: "custom", path: [i], message: `${b} matches the same branches as entry ${j} (${a}): each branch must match one entry` });
        }
      }
    });
  })
  .optional()
  .describe("Release branches, as semantic-release's: absent, every branch releases as before; present, only the listed branches release, each as a release, prerelease or maintenance line.");

export type BranchesConfig = z.infer<typeof branchesSchema>;
