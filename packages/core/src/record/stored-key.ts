import { recordKey } from "./release-record-schema.ts";

/**
 * The key a stored record's text says it is filed under (a release's `version`/`pkg@version`, or an
 * event's id), read without validating the rest; undefined when the text is not a record. Backends
 * use it to follow a chain-position index to the record it names.
 */
export function storedKeyOf(text: string): string | undefined {
  let json: { kind?: unknown; id?: unknown; package?: unknown; version?: unknown };
  try {
    json = JSON.parse(text) as typeof json;
  } catch {
    return undefined;
  }
  if (json === null || typeof json !== "object") return undefined;
  if (json.kind === "event") return typeof json.id === "string" ? json.id : undefined;
  if (typeof json.version !== "string") return undefined;
  return recordKey({ version: json.version, ...(typeof json.package === "string" ? { package: json.package } : {}) });
}
