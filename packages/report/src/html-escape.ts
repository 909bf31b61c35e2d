import { shownInvisibles } from "@relm/core/notes/shown-invisibles";

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text from records (versions, reasons, logins) as HTML text or attribute: escaped, invisibles shown. */
export function html(text: string | number): string {
  return shownInvisibles(String(text)).replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}
