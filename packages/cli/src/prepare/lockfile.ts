import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface LockfileOutcome {
  path: string;
  status: "updated" | "unchanged" | "left alone" | "would update";
  note?: string;
}

const NPM_ARGS = ["install", "--package-lock-only", "--ignore-scripts", "--offline", "--no-audit", "--no-fund"];
const OTHER_LOCKFILES = ["pnpm-lock.yaml", "yarn.lock", "bun.lock", "bun.lockb"];

function runNpm(root: string): Promise<{ ok: true } | { ok: false; why: string }> {
  return new Promise((done) => {
    // execFile, no shell: the arguments are fixed, and nothing of the repository reaches a command line.
    execFile("npm", NPM_ARGS, { cwd: root, timeout: 300_000, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, npm_config_update_notifier: "false" } }, (error, _stdout, stderr) => {
      if (error === null) return done({ ok: true });
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT") return done({ ok: false, why: "npm is not installed" });
      const first = stderr.split("\n").find((l) => l.trim() !== "") ?? error.message;
      done({ ok: false, why: `npm install failed: ${first.trim()}` });
    });
  });
}

/**
 * The lockfile after the manifests changed: package-lock.json is rewritten by npm itself (offline,
 * no scripts), never by hand. Other package managers' lockfiles are named and left alone.
 */
export async function updateLockfiles(root: string, options: { manifestsChanged: boolean; dryRun: boolean }): Promise<LockfileOutcome[]> {
  const out: LockfileOutcome[] = [];
  for (const name of OTHER_LOCKFILES) {
    if (existsSync(join(root, name)) && options.manifestsChanged) {
      out.push({ path: name, status: "left alone", note: `${name} was left alone: run your package manager's install to update it` });
    }
  }
  const lock = join(root, "package-lock.json");
  if (!existsSync(lock)) return out;
  const command = `npm ${NPM_ARGS.slice(0, 4).join(" ")}`;
  if (!options.manifestsChanged) return [...out, { path: "package-lock.json", status: "unchanged" }];
  if (options.dryRun) return [...out, { path: "package-lock.json", status: "would update", note: `would run ${command}` }];
  const before = readFileSync(lock, "utf8");
  const ran = await runNpm(root);
  if (!ran.ok) return [...out, { path: "package-lock.json", status: "left alone", note: `package-lock.json was left alone (${ran.why}): run ${command} yourself` }];
  const changed = readFileSync(lock, "utf8") !== before;
  return [...out, { path: "package-lock.json", status: changed ? "updated" : "unchanged", note: `ran ${command}` }];
}
