import { RelmError } from "../errors.ts";
import { recordKey, type ReleaseRecord } from "../record/release-record-schema.ts";

export interface DeployTarget {
  /** The version to deploy; default: the release whose commit is `commit`. */
  version?: string;
  package?: string;
  commit: string;
}

/**
 * The published release a deployment is of. Only what the registry holds is deployed: a version that
 * was never published (or whose record is gone) is refused, whatever the working tree says.
 */
export function releaseToDeploy(records: readonly ReleaseRecord[], target: DeployTarget, location: string): ReleaseRecord {
  const ofPackage = records.filter((r) => target.package === undefined || r.package === target.package);
  if (target.version !== undefined) {
    const found = ofPackage.filter((r) => r.version === target.version);
    if (found.length === 1 && found[0]) return found[0];
    if (found.length > 1) {
      throw new RelmError("RELM_DEPLOY_AMBIGUOUS", "usage", `version ${target.version} was published for several packages in ${location}`, {
        details: found.map((r) => ({ where: recordKey(r), message: `tag ${r.tag}` })),
        hint: "Name the package with --package.",
      });
    }
    throw new RelmError("RELM_DEPLOY_UNKNOWN", "not-found", `version ${target.version}${target.package ? ` of ${target.package}` : ""} is not in the registry ${location}; only published releases are deployed`, {
      details: [{ where: "--version", message: `${ofPackage.length} release(s) recorded${ofPackage.length > 0 ? `, newest ${ofPackage.at(-1)?.version ?? ""}` : ""}` }],
      hint: "Publish it first (relm publish), or name a published version (relm list).",
    });
  }
  const atCommit = ofPackage.filter((r) => r.commit === target.commit);
  if (atCommit.length === 1 && atCommit[0]) return atCommit[0];
  if (atCommit.length > 1) {
    const packages = new Set(atCommit.map((r) => r.package ?? ""));
    throw new RelmError("RELM_DEPLOY_AMBIGUOUS", "usage", `commit ${target.commit.slice(0, 12)} was released as ${packages.size > 1 ? "several packages" : `several versions (${atCommit.map((r) => r.version).join(", ")})`}`, {
      details: atCommit.map((r) => ({ where: recordKey(r), message: `tag ${r.tag}` })),
      hint: "Name the package with --package (and the version with --version).",
    });
  }
  throw new RelmError("RELM_DEPLOY_UNKNOWN", "not-found", `commit ${target.commit.slice(0, 12)} is not a published release in ${location}`, {
    details: [{ where: "HEAD", message: `${ofPackage.length} release(s) recorded` }],
    hint: "Check out the released commit (its tag), or name the version with --version.",
  });
}
