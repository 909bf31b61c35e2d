import { spawn } from "node:child_process";

const child = new URL("./publish-child.ts", import.meta.url).pathname;

export interface ChildSummary {
  created: boolean;
  digest: string;
  artifacts: { name: string; sha256: string; size: number }[];
  maxRssKiB: number;
  baselineKiB?: number;
}

export interface ChildRun {
  code: number | null;
  signal: string | null;
  summary?: ChildSummary;
  stderr: string;
}

export interface ChildOptions {
  /** MiB streamed at which the child is SIGKILLed mid-upload. */
  killAt?: number;
  /** Called once when this many MiB have streamed (to crash the registry server mid-upload, say). */
  when?: { mib: number; then: () => void };
  /** A registry the child publishes 1 MiB to first, so its baseline includes every module and the HTTP stack. */
  warmupUrl?: string;
  /** Modules the child loads first (`--import`), e.g. an adapter that registers its registry scheme. */
  imports?: readonly string[];
  /** The environment the registry backend is opened with (the child's own is not passed, so runs stay hermetic). */
  registryEnv?: Readonly<Record<string, string>>;
  /** Added to the child's own environment (TMPDIR, to see what a killed child left behind). */
  env?: Readonly<Record<string, string>>;
}

/** Publishes `mib` MiB generated on the fly from a child process (publish-child.ts), for memory and kill tests. */
export function publishInChild(url: string, version: string, mib: number, options: ChildOptions = {}): Promise<ChildRun> {
  const { killAt, when, warmupUrl, imports = [], registryEnv = {}, env = {} } = options;
  let called = false;
  return new Promise((resolve) => {
    const args = [...imports.flatMap((m) => ["--import", m]), child, url, version, String(mib), ...(warmupUrl ? [warmupUrl] : [])];
    const proc = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env, RELM_TEST_REGISTRY_ENV: JSON.stringify(registryEnv) } });
    let out = "";
    let stderr = "";
    proc.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      const streamed = [...out.matchAll(/streamed (\d+)/g)].map((m) => Number(m[1])).at(-1) ?? 0;
      if (killAt !== undefined && streamed >= killAt) proc.kill("SIGKILL");
      if (when && !called && streamed >= when.mib) {
        called = true;
        when.then();
      }
    });
    proc.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    proc.on("exit", (code, signal) => {
      const last = out.trim().split("\n").at(-1) ?? "";
      resolve({ code, signal, stderr, ...(last.startsWith("{") ? { summary: JSON.parse(last) as ChildSummary } : {}) });
    });
  });
}
