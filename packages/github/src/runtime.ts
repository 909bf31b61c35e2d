import { appendFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import * as core from "@actions/core";
import type { Runtime, SourceLocation } from "@relm/core";

/** A line the runner would read as a workflow command: `::cmd::` (v2) or `##[cmd]` (v1). */
const commandLine = /^\s*(::|##\[)/m;

/**
 * Prints text that may hold untrusted lines. If any line could be read as a workflow command, the
 * text is printed between `::stop-commands::TOKEN` and `::TOKEN::`, with a fresh random token the
 * text cannot know, so the runner shows it verbatim and runs none of it.
 */
export function printVerbatim(text: string, write: (line: string) => void = core.info): void {
  if (!commandLine.test(text)) {
    write(text);
    return;
  }
  let token = randomBytes(16).toString("hex");
  while (text.includes(token)) token = randomBytes(16).toString("hex");
  write(`::stop-commands::${token}`);
  write(text);
  write(`::${token}::`);
}

function annotation(where: SourceLocation | undefined): core.AnnotationProperties {
  if (!where) return {};
  return {
    file: where.file,
    ...(where.line !== undefined ? { startLine: where.line } : {}),
    ...(where.column !== undefined ? { startColumn: where.column } : {}),
  };
}

/**
 * The GitHub Actions runtime: outputs through $GITHUB_OUTPUT, Markdown into $GITHUB_STEP_SUMMARY,
 * annotations for warnings and errors (message and properties escaped by @actions/core, so a newline
 * cannot start a command), masking through `add-mask`.
 */
export function actionsRuntime(env: NodeJS.ProcessEnv = process.env): Runtime {
  return {
    info: (message) => printVerbatim(message),
    warning: (message, where) => core.warning(message, annotation(where)),
    error: (message, where) => core.error(message, annotation(where)),
    group: (title, body) => core.group(title, body),
    setOutput: (name, value) => core.setOutput(name, value),
    summary(markdown) {
      const file = env.GITHUB_STEP_SUMMARY;
      if (file) appendFileSync(file, `${markdown}\n`);
    },
    mask: (secret) => {
      if (secret) core.setSecret(secret);
    },
  };
}
