// What every fake GitLab handler shares: its input, its answer, and the common answers.
import type { FakeGitlabState, FakeSpooledFile } from "./state.ts";

export interface HandlerInput {
  params: Record<string, string>;
  args: Record<string, unknown>;
  raw: Buffer;
  base: string;
  /** An upload the server received to disk instead of into `raw` (large generic package files). */
  spooled?: FakeSpooledFile;
}

export interface Answer {
  status: number;
  body?: unknown;
  binary?: Buffer;
  /** Sent as text/plain, as GitLab serves a raw text file. */
  text?: string;
  /** A large stored file, streamed from disk. */
  file?: FakeSpooledFile;
}

export type Handler = (s: FakeGitlabState, input: HandlerInput) => Answer;

export const notFound = (what: string): Answer => ({ status: 404, body: { message: `404 ${what} Not Found` } });
export const bad = (message: string): Answer => ({ status: 400, body: { message } });
export const stamp = (): string => new Date().toISOString();
export const user = (username: string, id: number) => ({ id, username, name: username, state: "active", avatar_url: null, web_url: `https://gitlab.invalid/${username}` });
export function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : typeof v === "number" ? String(v) : undefined;
}
