import { isRelmError } from "@relm/core/errors";
import { withoutUserinfo } from "@relm/core/policy/shown-url";

/**
 * The text printed for a failed command: message, each detail on its own line, then the hint. A
 * URL's userinfo is masked whatever raised the error (an HTTP client's message quotes its URL).
 */
export function errorText(error: unknown): string {
  return withoutUserinfo(rawErrorText(error));
}

function rawErrorText(error: unknown): string {
  if (isRelmError(error)) {
    const lines = [`relm: error ${error.code}: ${error.message}`];
    for (const d of error.details) lines.push(`  ${d.where ? `${d.where}: ` : ""}${d.message}`);
    if (error.hint) lines.push(`hint: ${error.hint}`);
    return lines.join("\n");
  }
  if (error instanceof Error) return `relm: ${error.message}`;
  return `relm: ${String(error)}`;
}
