// Printable ASCII in the order of the root (and English) collation's primary weights: punctuation
// in its collation order, then digits; letters follow, each case with its lowercase.
const PRIMARY_ORDER = " _-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$0123456789abcdefghijklmnopqrstuvwxyz";
const primary = new Int8Array(128).fill(-1);
for (let i = 0; i < PRIMARY_ORDER.length; i++) primary[PRIMARY_ORDER.charCodeAt(i)] = i;
for (let c = 65; c <= 90; c++) primary[c] = primary[c + 32] ?? -1;

/**
 * Orders text as `a.localeCompare(b)` does in an English locale, without it for printable ASCII:
 * the first localeCompare of a process sets up ICU's collator, ~8-10 ms of `relm plan`'s start,
 * and ASCII (what scopes are) needs none of it. Same primary order, then lowercase before
 * uppercase at the first case difference, as the collator's tertiary level does. Anything else
 * falls back to localeCompare.
 */
export function compareText(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  let caseOrder = 0;
  for (let i = 0; i < length; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    const pa = ca < 128 ? (primary[ca] ?? -1) : -1;
    const pb = cb < 128 ? (primary[cb] ?? -1) : -1;
    if (pa < 0 || pb < 0) return a.localeCompare(b);
    if (pa !== pb) return pa < pb ? -1 : 1;
    // Same letter in another case: lowercase (the higher code) first, unless the letters decide.
    if (caseOrder === 0 && ca !== cb) caseOrder = ca > cb ? -1 : 1;
  }
  for (let i = length; i < a.length; i++) if ((primary[a.charCodeAt(i)] ?? -1) < 0) return a.localeCompare(b);
  for (let i = length; i < b.length; i++) if ((primary[b.charCodeAt(i)] ?? -1) < 0) return a.localeCompare(b);
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return caseOrder;
}
