import type { TagRef } from "@relm/core";
import { gitOutput, runGit, type GitContext } from "./run-git.ts";

// One line per tag (ref names cannot hold newlines or NUL): name, the object's type and hash, and
// for annotated tags the type and hash of what the tag object points at.
const FORMAT = ["%(refname)", "%(objecttype)", "%(objectname)", "%(*objecttype)", "%(*objectname)"].join("%00");

/** Every tag that points (directly or through tag objects) at a commit; tags of trees and blobs are skipped. */
export async function listTags(ctx: GitContext): Promise<TagRef[]> {
  const out = await gitOutput(ctx, ["for-each-ref", `--format=${FORMAT}`, "refs/tags"]);
  const tags: TagRef[] = [];
  const nested: TagRef[] = [];
  for (const line of out.split("\n")) {
    if (line === "") continue;
    const [ref = "", type, object = "", peeledType, peeled = ""] = line.split("\0");
    const name = ref.replace(/^refs\/tags\//, "");
    if (type === "commit") tags.push({ name, commit: object, annotated: false });
    else if (type === "tag" && peeledType === "commit") tags.push({ name, commit: peeled, annotated: true });
    else if (type === "tag" && peeledType === "tag") nested.push({ name, commit: "", annotated: true });
  }
  // A tag of a tag is rare: peel those few all the way, one by one.
  for (const tag of nested) {
    const result = await runGit(ctx, ["rev-parse", "-q", "--verify", `refs/tags/${tag.name}^{commit}`]);
    if (result.code === 0) tags.push({ ...tag, commit: result.stdout.trim() });
  }
  return tags;
}
