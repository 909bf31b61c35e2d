import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Runtime } from "@relm/core";
import { gitlabRuntime } from "@relm/gitlab/runtime";

/** The outputs later jobs read (GitLab: the dotenv report of the job). */
export interface CiOutputs {
  RELM_VERSION?: string;
  RELM_TAG?: string;
  /** The gate's decision: allowed | denied. */
  RELM_DECISION?: string;
  /** The CAB sign-off: valid | invalid. */
  RELM_APPROVAL?: string;
  RELM_RECORD_DIGEST?: string;
  /** The release candidate's digest: what the CAB signs, checked again by approve, tag and publish. */
  RELM_CANDIDATE_DIGEST?: string;
}

/** The CI host's runtime, when relm runs inside one the CLI reports to itself (GitLab CI). */
export function ciRuntime(env: NodeJS.ProcessEnv): Runtime | undefined {
  if (env.GITLAB_CI !== "true") return undefined;
  // The job runs in the project directory; artifacts paths are relative to it (CI_PROJECT_DIR can
  // name the container path when a local runner forces the shell executor).
  const base = process.cwd();
  const out = env.RELM_OUT_DIR || "relm-out";
  return gitlabRuntime({ dotenvPath: resolve(base, env.RELM_DOTENV || "relm.env"), summaryPath: resolve(base, out, "summary.md") });
}

/**
 * What a command reports to the CI host: outputs into the dotenv report, files (the decision,
 * the notes) into RELM_OUT_DIR, which the GitLab components keep as job artifacts. A no-op outside GitLab CI.
 */
export function reportToCi(env: NodeJS.ProcessEnv, outputs: CiOutputs, files: Record<string, string> = {}): void {
  const runtime = ciRuntime(env);
  if (!runtime) return;
  for (const [name, value] of Object.entries(outputs)) if (value !== undefined) runtime.setOutput(name, value);
  const dir = resolve(process.cwd(), env.RELM_OUT_DIR || "relm-out");
  for (const [name, text] of Object.entries(files)) {
    if (!/^[A-Za-z0-9._-]+$/.test(name)) throw new Error(`artifact name ${name} is not a plain file name`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}
