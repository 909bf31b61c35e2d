import { releaseBranch, releasePullTitle } from "./release-pull.ts";
import type { PreparedRelease } from "./prepare.ts";

/** What `relm pr --dry-run` says when it asks no forge (no token, or no forge to ask). */
export interface ReleasePullPreview {
  /** `preview`: this would be committed on the release branch; `nothing`: no release is due. */
  action: "preview" | "nothing";
  branch: string;
  title?: string;
  versions: PreparedRelease["versions"];
  /** The files the release commit would hold, with what changes in each. */
  files: { path: string; created: boolean; changes: string[] }[];
  reason?: string;
  /** Always false: whether a PR is open, and whether its branch already holds this, was not asked. */
  forgeAsked: false;
  dryRun: true;
}

/**
 * The release PR's commit as far as it can be told without the forge: the branch, the title and
 * the prepared files. Whether it would open, update or leave a PR alone needs the forge.
 */
export function releasePullPreview(request: { base: string; prepared: PreparedRelease }): ReleasePullPreview {
  const { prepared } = request;
  const branch = releaseBranch(request.base);
  const files = prepared.files.filter((f) => f.changed).map((f) => ({ path: f.path, created: f.created, changes: f.changes }));
  if (!prepared.released || files.length === 0) {
    return { action: "nothing", branch, versions: [], files: [], reason: prepared.reason ?? "nothing to write", forgeAsked: false, dryRun: true };
  }
  return { action: "preview", branch, title: releasePullTitle(prepared), versions: prepared.versions, files, forgeAsked: false, dryRun: true };
}
