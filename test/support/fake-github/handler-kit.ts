// What every fake GitHub handler shares: its input, its answer, and the common answers.
import type { FakeState } from "./state.ts";

export interface HandlerInput {
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  raw: Buffer;
  headers: Record<string, string | string[] | undefined>;
  base: string;
  /** The request's path (with the API root), for `Link` headers. */
  path: string;
}

export interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Binary answers are not JSON-checked. */
  binary?: Buffer;
}

export type Handler = (state: FakeState, input: HandlerInput) => Answer;

export const notFound: Answer = { status: 404, body: { message: "Not Found", documentation_url: "https://docs.github.com/rest", status: "404" } };
export const invalid = (message: string, errors: unknown[] = []): Answer => ({ status: 422, body: { message, errors, documentation_url: "https://docs.github.com/rest" } });

export function obj(body: unknown): Record<string, unknown> {
  return body && typeof body === "object" ? (body as Record<string, unknown>) : {};
}

export function repoUrl(s: FakeState, base: string): string {
  return `${base}/repos/${s.owner}/${s.repo}`;
}
