import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { Runtime, SourceLocation } from "@relm/core";
import { shownInvisibles } from "@relm/core/notes/shown-invisibles";

export interface GitlabRuntimeOptions {
  /** Where the dotenv report goes (the template declares it under artifacts:reports:dotenv). */
  dotenvPath: string;
  /** Markdown summary written as a job artifact (GitLab has no step summary). */
  summaryPath?: string;
  write?: (text: string) => void;
  now?: () => number;
}

const ESC = "\u001b";

/**
 * Untrusted text must not start or end a collapsible section nor recolour the log: strip ESC, CR
 * and the other control characters a log viewer interprets, keep newlines and tabs, and show bidi
 * and invisible characters as [U+202E].
 */
export function logSafe(text: string): string {
  // eslint-disable-next-line no-control-regex
  return shownInvisibles(text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, ""));
}

/**
 * dotenv reports: KEY=VALUE on one line; GitLab rejects multi-line values and names outside
 * [A-Za-z0-9_]. Names get a RELM_ prefix (`version` -> RELM_VERSION) so they never overwrite a
 * CI/CD variable of the later jobs.
 */
export function dotenvLine(name: string, value: string): string {
  const upper = name.toUpperCase().replace(/[^A-Z0-9_]/g, "_");
  const key = upper.startsWith("RELM_") ? upper : `RELM_${upper}`;
  if (!/^[A-Z_][A-Z0-9_]*$/.test(key)) throw new Error(`output name ${name} cannot be a dotenv variable`);
  if (/[\r\n]/.test(value)) throw new Error(`output ${name} has a line break; dotenv reports hold one-line values (write it to an artifact instead)`);
  return `${key}=${value}`;
}

let sectionCounter = 0;

export function gitlabRuntime(options: GitlabRuntimeOptions): Runtime & { outputs: Map<string, string> } {
  // stderr: stdout carries `--json` results that the templates save as artifacts.
  const write = options.write ?? ((t: string) => void process.stderr.write(t));
  const now = options.now ?? Date.now;
  const secrets: string[] = [];
  // Several relm calls in one job share the report: keep what earlier ones wrote.
  const outputs = new Map<string, string>(
    existsSync(options.dotenvPath)
      ? readFileSync(options.dotenvPath, "utf8")
          .split("\n")
          .filter((l) => l.includes("="))
          .map((l): [string, string] => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)])
      : [],
  );
  let masked = false;
  // Secrets are masked on the raw text, before logSafe could split one apart.
  const redact = (text: string): string => logSafe(secrets.reduce((t, s) => t.split(s).join("[MASKED]"), text));
  const where = (w?: SourceLocation): string => (w ? `${logSafe(w.file)}${w.line ? `:${w.line}` : ""}${w.column ? `:${w.column}` : ""}: ` : "");
  const flush = (): void => {
    mkdirSync(dirname(options.dotenvPath), { recursive: true });
    writeFileSync(options.dotenvPath, [...outputs].map(([k, v]) => `${dotenvLine(k, v)}\n`).join(""));
  };
  return {
    outputs,
    info: (m) => write(`${redact(m)}\n`),
    warning: (m, w) => write(`${ESC}[0;33mwarning: ${where(w)}${redact(m)}${ESC}[0m\n`),
    error: (m, w) => write(`${ESC}[0;31merror: ${where(w)}${redact(m)}${ESC}[0m\n`),
    async group(title, body) {
      sectionCounter += 1;
      const id = `relm_${sectionCounter}`;
      const seconds = () => Math.floor(now() / 1000);
      write(`${ESC}[0Ksection_start:${seconds()}:${id}[collapsed=true]\r${ESC}[0K${redact(title)}\n`);
      try {
        return await body();
      } finally {
        write(`${ESC}[0Ksection_end:${seconds()}:${id}\r${ESC}[0K\n`);
      }
    },
    setOutput(name, value) {
      outputs.set(dotenvLine(name, value).split("=")[0] ?? name, value);
      flush();
    },
    summary(markdown) {
      if (!options.summaryPath) return;
      mkdirSync(dirname(options.summaryPath), { recursive: true });
      appendFileSync(options.summaryPath, `${markdown}\n`);
    },
    mask(secret) {
      if (secret.length < 4) return;
      secrets.push(secret);
      // A job cannot mask at run time on GitLab: only masked CI/CD variables are hidden by the runner.
      if (!masked) {
        masked = true;
        write("note: relm hides this secret in its own output; declare it as a masked CI/CD variable so the runner hides it everywhere\n");
      }
    },
  };
}
