import type { Runtime } from "@relm/core";
import { shownInvisibles } from "@relm/core/notes/shown-invisibles";

// Commit messages and comments reach the terminal: keep their text, drop the control sequences
// (ANSI escapes, carriage returns) that could repaint what was printed, and show the bidi and
// invisible characters that could hide or reorder it as [U+202E].
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

export interface TerminalRuntime extends Runtime {
  readonly outputs: Map<string, string>;
}

/**
 * The local Runtime: results as plain lines on `write` (stdout, or stderr when stdout carries
 * --json), warnings and errors on `writeProblem` (stderr: a pipe of the results never swallows them),
 * a heading per group, outputs kept for the caller, secrets masked in every later line.
 */
export function terminalRuntime(write: (text: string) => void, writeProblem: (text: string) => void = write, options: { quiet?: boolean } = {}): TerminalRuntime {
  const secrets: string[] = [];
  const outputs = new Map<string, string>();
  const print = (prefix: string, message: string, to = write): void => {
    // Secrets are masked on the raw text, before anything that could split one apart.
    let text = message;
    for (const s of secrets) text = text.split(s).join("***");
    text = shownInvisibles(text.replace(CONTROL, ""));
    // On a CI runner a line starting with `::` is a workflow command: untrusted text never starts one.
    for (const line of text.split("\n")) to(`${prefix}${prefix === "" && /^\s*::/.test(line) ? "» " : ""}${line}\n`);
  };
  return {
    outputs,
    info: (m) => (options.quiet ? undefined : print("", m)),
    warning: (m, where) => print(`warning${where ? ` ${where.file}${where.line ? `:${where.line}` : ""}` : ""}: `, m, writeProblem),
    error: (m, where) => print(`error${where ? ` ${where.file}${where.line ? `:${where.line}` : ""}` : ""}: `, m, writeProblem),
    async group(title, body) {
      if (!options.quiet) print("== ", title);
      return body();
    },
    setOutput: (name, value) => void outputs.set(name, value),
    summary: () => undefined,
    mask: (secret) => {
      if (secret.length > 0) secrets.push(secret);
    },
  };
}
