import { RelmError } from "@relm/core/errors";
import { forgeOfWebUrl, remoteWebUrl } from "@relm/git/web-url";

export type InitForge = "github" | "gitlab" | "none";

export interface DetectedForge {
  forge: InitForge;
  /** How it was told, for the user to check: the flag, a CI variable or the remote's host. */
  because: string;
}

const CHOICES: readonly InitForge[] = ["github", "gitlab", "none"];

/**
 * The forge `relm init` writes a pipeline for: --forge wins, then the CI host's variables, then the
 * host of the origin remote. Guessing wrong would write a pipeline that never runs, so an unknown
 * host is a usage error that asks for --forge.
 */
export function initForge(env: NodeJS.ProcessEnv, remote: string | undefined, requested: string | undefined): DetectedForge {
  if (requested !== undefined) {
    const forge = CHOICES.find((c) => c === requested);
    if (forge) return { forge, because: "--forge" };
    throw new RelmError("RELM_FORGE_UNKNOWN", "usage", `unknown forge ${JSON.stringify(requested)}`, {
      details: [{ where: "--forge", message: `expected one of ${CHOICES.join(", ")}` }],
    });
  }
  if (env.GITHUB_ACTIONS === "true") return { forge: "github", because: "GITHUB_ACTIONS" };
  if (env.GITLAB_CI === "true") return { forge: "gitlab", because: "GITLAB_CI" };
  const web = remote === undefined ? undefined : remoteWebUrl(remote);
  const kind = web === undefined ? "unknown" : forgeOfWebUrl(web);
  if (kind !== "unknown" && web !== undefined) return { forge: kind, because: `the origin remote ${new URL(web).host}` };
  const seen = web === undefined ? (remote === undefined ? "there is no origin remote" : "the origin remote is not a forge URL") : `the origin remote's host ${new URL(web).host} is neither GitHub nor GitLab`;
  throw new RelmError("RELM_INIT_FORGE", "usage", `cannot tell which forge this repository uses: ${seen}`, {
    details: [{ where: "--forge", message: `pass --forge github, --forge gitlab or --forge none (only .relm.yml)` }],
  });
}
