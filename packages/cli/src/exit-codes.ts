import { isRelmError } from "@relm/core/errors";

/** relm's exit codes: 0 done (or allowed), 1 refused or failed, 2 usage or configuration error. */
export const EXIT = { ok: 0, refused: 1, usage: 2 } as const;

export function exitCodeFor(error: unknown): number {
  if (isRelmError(error) && (error.kind === "usage" || error.kind === "config")) return EXIT.usage;
  return EXIT.refused;
}
