// Owned by the planner (issue 2): tag format, release rules, prereleases, packages, notes, changelog.
import { z } from "zod";

export const versioningShape = {
  project: z.string().min(1).optional().describe("Project name used in records and notes; defaults to the repository name."),
  repository: z.string().url().optional().describe("Web URL of the repository, for links in notes; defaults to the origin remote."),
};
