// relm publish: artifacts and the release record into the release registry.
import { globSync } from "node:fs";
import { publishRelease, RelmError } from "@relm/core";
import { artifactsFromFiles, openRegistry } from "@relm/registry";
import { environmentOf } from "../approval-record.ts";
import { requireSignOff } from "../sign-off.ts";
import { input, readSettings } from "../inputs.ts";
import { releaseBefore, tagTargets } from "../plan-facts.ts";
import { openProject, planProject, stepLogins } from "../project.ts";
import { unfinishedTargets } from "../resume.ts";
import { githubForge } from "../../forge.ts";
import { attestRelease, requireAttestationPermissions } from "../attest-release.ts";
import { escapeMarkdown, table } from "../../markdown.ts";
import { registerGitHubReleaseBackend } from "../../release-registry-backend.ts";
import type { ActionContext } from "../run-action.ts";

const inputs = {
  token: input.required("a GitHub token"),
  config: input.text(".relm.yml"),
  "working-directory": input.text("."),
  registry: input.text(""),
  artifacts: input.lines(),
  approvals: input.text(""),
  environment: input.text(""),
  attest: input.boolean(false),
};

/** The `publish` step: what actions/publish runs, and the root action for `step: publish`. */
export async function publishStep({ env, runtime, run, attest }: ActionContext): Promise<void> {
  const s = readSettings(inputs, env);
  runtime.mask(s.token);
  if (s.attest) requireAttestationPermissions(env);
  registerGitHubReleaseBackend();
  const project = await openProject(run, s);
  const forge = githubForge({ token: s.token, repository: run.repository, baseUrl: run.apiUrl, serverUrl: run.serverUrl, log: (m) => runtime.warning(m) });
  const files: string[] = [];
  for (const pattern of s.artifacts) {
    const matched = globSync(pattern, { cwd: project.cwd }).sort();
    if (matched.length === 0) throw new RelmError("RELM_ACTION_INPUT", "usage", "invalid input artifacts", { details: [{ where: "input artifacts", message: `no file matches ${JSON.stringify(pattern)}` }] });
    files.push(...matched);
  }
  const plan = await planProject(project, run, stepLogins(s.token, run, env));
  // The approvals input says which environment's sign-off this is; the sign-off itself is judged again.
  const environment = s.environment || environmentOf(s.approvals) || "release";
  const approval = await requireSignOff("publish", { env, runtime, run }, project, plan, forge, { environment, config: s.config });
  const planned = tagTargets(plan, "auto");
  const targets = planned.length > 0 ? planned : await unfinishedTargets(plan, forge.tags, "auto");
  if (targets.length === 0) throw new RelmError("RELM_NOTHING_TO_PUBLISH", "refused", "there is no release to publish: no release is planned and HEAD carries no release tag", { hint: "Run relm tag first (or release with the root action)." });
  const url = s.registry || project.config.registry?.url || "file:.relm/registry";
  const registry = await openRegistry(url, { cwd: project.cwd, env: { ...env, GITHUB_TOKEN: s.token }, fetch: globalThis.fetch, ...(project.config.registry ? { options: project.config.registry } : {}) });
  const runUrl = run.runId ? `${run.serverUrl}/${run.repository}/actions/runs/${run.runId}` : undefined;
  const rows: string[][] = [];
  let digest = "";
  for (const t of targets) {
    const pkg = plan.packages.find((p) => (t.package ? p.name === t.package : true));
    const previous = pkg ? await releaseBefore(project.git, plan, pkg) : undefined;
    const result = await publishRelease(
      {
        release: {
          project: project.config.project ?? run.repository,
          ...(t.package ? { package: t.package } : {}),
          version: t.version,
          tag: t.tag,
          commit: t.commit,
          range: { ...(previous && previous.tag !== t.tag ? { from: previous.tag } : {}), to: t.commit },
          notes: t.notes,
          ...(approval ? { approval, environment } : {}),
          pipeline: { provider: "github", ...(run.runId ? { id: run.runId } : {}), ...(runUrl ? { url: runUrl } : {}) },
        },
        artifacts: await artifactsFromFiles(project.cwd, files),
        now: new Date().toISOString(),
        repository: `${run.serverUrl}/${run.repository}`,
      },
      { registry },
    );
    digest ||= result.digest;
    runtime.info(`${t.tag}: record ${result.digest} ${result.created ? "published" : "already published"} to ${registry.location}`);
    for (const a of result.record.artifacts) rows.push([escapeMarkdown(t.tag), escapeMarkdown(a.name), String(a.size), `\`${a.sha256}\``]);
    rows.push([escapeMarkdown(t.tag), "_record_", "", `\`${result.digest}\``]);
    if (s.attest) {
      const made = await attestRelease(result.record, { registry, token: s.token, attest: attest ?? (await import("@actions/attest")).attest });
      runtime.info(made ? `${t.tag}: provenance attested${made.attestationId ? ` (attestation ${made.attestationId})` : ""}` : `${t.tag}: no artifacts, so no provenance to attest`);
      if (made) rows.push([escapeMarkdown(t.tag), "_attestation_", "", made.attestationId ? `\`${escapeMarkdown(made.attestationId)}\`` : ""]);
    }
  }
  runtime.setOutput("version", targets[0]?.version ?? "");
  runtime.setOutput("record-digest", digest);
  runtime.setOutput("registry", registry.location);
  runtime.summary(["## relm publish", "", `Registry: \`${escapeMarkdown(registry.location)}\``, "", table(["release", "artifact", "bytes", "sha256"], rows), ""].join("\n"));
}
