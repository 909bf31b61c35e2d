import { RelmError } from "@relm/core/errors";
import type { InitForge } from "./init-forge.ts";
import { pipelineFile } from "./pipeline-text.ts";
import { relmYmlText } from "./relm-yml-text.ts";

export interface InitFile {
  /** Relative to the repository root. */
  path: string;
  text: string;
}

export interface InitInput {
  forge: InitForge;
  version: string;
  branch: string;
  cab: readonly string[];
  /** Where the configuration goes (--config), relative to the repository root. */
  configPath: string;
}

// GitHub and GitLab logins: letters, digits and . _ - (GitLab allows dots), not starting with a sign.
const LOGIN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** The CAB members of `--cab a,b`, each checked: a typo here would be a CAB nobody can sign for. */
export function cabLogins(text: string | undefined): string[] {
  if (text === undefined) return [];
  const logins = text.split(",").map((s) => s.trim()).filter((s) => s !== "");
  const bad = logins.filter((l) => !LOGIN.test(l));
  if (bad.length > 0 || logins.length === 0) {
    throw new RelmError("RELM_INIT_CAB", "usage", `--cab ${JSON.stringify(text)} is not a list of logins`, {
      details: [{ where: "--cab", message: `expected logins separated by commas (letters, digits, . _ -)${bad.length > 0 ? `; not a login: ${bad.map((b) => JSON.stringify(b)).join(", ")}` : ""}` }],
    });
  }
  return [...new Set(logins)];
}

/** Every file `relm init` writes for the forge, in the order it writes them. */
export function initFiles(input: InitInput): InitFile[] {
  const files: InitFile[] = [{ path: input.configPath, text: relmYmlText(input) }];
  const pipeline = pipelineFile(input);
  if (pipeline) files.push(pipeline);
  return files;
}

/** What to do after init, per forge: the settings a file cannot make. */
export function nextSteps(input: InitInput): string[] {
  const steps: string[] = [];
  if (input.forge === "github") steps.push("Create the environment `production` with required reviewers (Settings, Environments): on GitHub they are the CAB.");
  if (input.forge === "gitlab") steps.push("Add GITLAB_TOKEN (a project access token with the api scope) as a masked, protected CI/CD variable: tagging needs it.");
  if (input.cab.length === 0) steps.push(`Name the CAB under \`approval:\` in ${input.configPath} (or run relm init --cab alice,bob): until then no sign-off is required.`);
  steps.push("`relm policy check` validates the configuration; `relm plan` shows the next version and notes.");
  steps.push("Commit the files; releases then follow from Conventional Commits on the release branch.");
  return steps;
}
