import type { Command } from "commander";
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { RelmError } from "@relm/core/errors";
import { gitRepository } from "@relm/git";
import { globalOptions } from "../global-options.ts";
import { DEFAULT_CONFIG_FILE } from "../load-project-config.ts";
import { cliVersion } from "../program.ts";
import { cabLogins, gitlabIncludeLines, initFiles, initForge, nextSteps, type InitInput } from "../init/index.ts";

interface InitOptions {
  forge?: string;
  cab?: string;
  branch?: string;
  skipExisting: boolean;
  dryRun: boolean;
}

type FileStatus = "written" | "would write" | "exists";

async function repositoryRoot(cwd: string): Promise<string> {
  try {
    return await gitRepository(cwd).root();
  } catch (cause) {
    throw new RelmError("RELM_INIT_NO_REPOSITORY", "usage", `${cwd} is not inside a git repository`, { hint: "Run `git init` (or clone the repository) first, or pass --cwd.", cause });
  }
}

export function registerInit(program: Command): void {
  program
    .command("init")
    .description("Write a commented .relm.yml and the release pipeline for this repository's forge (a GitHub workflow or GitLab include lines), relm pinned to this version. Never overwrites a file.")
    .option("--forge <forge>", "github, gitlab, or none for .relm.yml alone (default: the CI host's, else the origin remote's host)")
    .option("--cab <logins>", "CAB members by login, separated by commas (default: none yet, written commented out)")
    .option("--branch <name>", "the branch releases are cut from (default: the current branch, else main)")
    .option("--skip-existing", "write the missing files and leave existing ones as they are", false)
    .option("--dry-run", "print what would be written; write nothing", false)
    .action(async (opts: InitOptions, command: Command) => {
      const globals = globalOptions(command);
      const root = await repositoryRoot(globals.cwd);
      const git = gitRepository(root);
      const detected = initForge(process.env, await git.remoteUrl().catch(() => undefined), opts.forge);
      const input: InitInput = {
        forge: detected.forge,
        version: cliVersion(),
        branch: opts.branch ?? (await git.currentBranch().catch(() => undefined)) ?? "main",
        cab: cabLogins(opts.cab),
        configPath: globals.config ?? DEFAULT_CONFIG_FILE,
      };
      const files = initFiles(input).map((f) => ({ ...f, exists: existsSync(join(root, f.path)) }));
      const existing = files.filter((f) => f.exists).map((f) => f.path);
      if (existing.length > 0 && !opts.skipExisting && !opts.dryRun) {
        const gitlabCi = existing.includes(".gitlab-ci.yml") ? `\nAdd these lines to your .gitlab-ci.yml instead:\n${gitlabIncludeLines(input.version).join("\n")}` : "";
        throw new RelmError("RELM_INIT_EXISTS", "refused", `relm init does not overwrite: ${existing.join(", ")} already exist${existing.length === 1 ? "s" : ""}; nothing was written`, {
          details: existing.map((path) => ({ where: path, message: "exists" })),
          hint: `Move the file aside, or pass --skip-existing to write only the missing ones.${gitlabCi}`,
        });
      }
      const statuses: { path: string; status: FileStatus }[] = [];
      for (const f of files) {
        const status: FileStatus = f.exists ? "exists" : opts.dryRun ? "would write" : "written";
        if (status === "written") {
          await mkdir(dirname(join(root, f.path)), { recursive: true });
          // `wx`: a file that appeared since the check is still not overwritten.
          await writeFile(join(root, f.path), f.text, { flag: "wx" });
        }
        statuses.push({ path: f.path, status });
      }
      const next = nextSteps(input);
      if (globals.json) {
        process.stdout.write(`${JSON.stringify({ forge: detected.forge, detectedBy: detected.because, version: input.version, branch: input.branch, dryRun: opts.dryRun, files: statuses, next }, null, 2)}\n`);
        return;
      }
      const out: string[] = [`forge: ${detected.forge} (from ${detected.because}); relm ${input.version}`];
      for (const f of files) {
        const status = statuses.find((s) => s.path === f.path)?.status ?? "exists";
        out.push(status === "exists" ? `${f.path}: exists, left as it is` : `${status} ${f.path}`);
        if (status === "would write") out.push("", f.text.trimEnd(), "");
      }
      if (input.forge === "gitlab" && existing.includes(".gitlab-ci.yml")) out.push("", "Add these lines to your .gitlab-ci.yml:", ...gitlabIncludeLines(input.version));
      out.push("", "Next:", ...next.map((s) => `- ${s}`));
      process.stdout.write(`${out.join("\n")}\n`);
    });
}
