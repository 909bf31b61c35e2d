// Bundles every action (actions/<name>/src/main.ts) into actions/<name>/dist with @vercel/ncc.
// `npm run bundle` rewrites dist/; `npm run bundle -- --check` bundles into a temp dir and fails when a
// committed dist differs (CI runs it through test/github-actions-dist.test.ts).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const ncc = join(root, "node_modules", "@vercel", "ncc", "dist", "ncc", "cli.js");

export function bundledActions(): string[] {
  return readdirSync(join(root, "actions")).filter((name) => existsSync(join(root, "actions", name, "src", "main.ts"))).sort();
}

/** Bundles one action into `outDir`; ncc type-strips only (tsc checks types), so `.ts` imports work. */
export function bundle(action: string, outDir: string): void {
  const run = spawnSync(process.execPath, [ncc, "build", "src/main.ts", "-o", outDir, "--transpile-only", "--target", "es2024", "--license", "licenses.txt", "--quiet"], {
    cwd: join(root, "actions", action),
    encoding: "utf8",
  });
  if (run.status !== 0) throw new Error(`ncc failed for actions/${action}:\n${run.stderr}${run.stdout}`);
}

function files(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1)).sort() : [];
}

/** The files in which a fresh bundle differs from the committed dist/ (empty when fresh). */
export function staleFiles(action: string): string[] {
  const tmp = mkdtempSync(join(tmpdir(), `relm-dist-${action}-`));
  try {
    bundle(action, tmp);
    const committed = join(root, "actions", action, "dist");
    const names = new Set([...files(tmp), ...files(committed)]);
    return [...names].filter((name) => {
      const a = join(tmp, name);
      const b = join(committed, name);
      return !existsSync(a) || !existsSync(b) || !readFileSync(a).equals(readFileSync(b));
    });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  const check = process.argv.includes("--check");
  const only = process.argv.slice(2).filter((a) => !a.startsWith("--"));
  let stale = 0;
  for (const action of only.length ? only : bundledActions()) {
    if (check) {
      const diff = staleFiles(action);
      if (diff.length) {
        stale++;
        console.error(`actions/${action}/dist is stale (${diff.join(", ")}); run npm run bundle`);
      }
    } else {
      rmSync(join(root, "actions", action, "dist"), { recursive: true, force: true });
      bundle(action, "dist");
      console.log(`bundled actions/${action}/dist`);
    }
  }
  if (stale) process.exit(1);
}
