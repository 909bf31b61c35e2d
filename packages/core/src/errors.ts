/**
 * Every error relm raises on purpose carries a stable code (so scripts and docs can refer to it)
 * and says what to do. Drivers map `kind` to exit codes: usage and config errors exit 2.
 */
export type ErrorKind = "usage" | "config" | "conflict" | "not-found" | "integrity" | "external" | "refused";

export interface ErrorDetail {
  /** Where the problem is: a file, line, key, input or endpoint. */
  where?: string;
  message: string;
}

export class RelmError extends Error {
  readonly code: string;
  readonly kind: ErrorKind;
  readonly hint: string | undefined;
  readonly details: ErrorDetail[];
  constructor(code: string, kind: ErrorKind, message: string, options: { hint?: string; details?: ErrorDetail[]; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "RelmError";
    this.code = code;
    this.kind = kind;
    this.hint = options.hint;
    this.details = options.details ?? [];
  }
}

export function isRelmError(e: unknown): e is RelmError {
  return e instanceof RelmError;
}

/** The docs page for a code: codes are stable, so links in old logs keep working. */
export function docsLink(code: string): string {
  return `https://github.com/relm-dev/relm/blob/main/docs/errors.md#${code.toLowerCase()}`;
}
