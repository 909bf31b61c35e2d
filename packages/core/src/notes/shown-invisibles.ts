// Trojan Source (CVE-2021-42574): bidi controls reorder what a reader sees, and zero-width or
// invisible characters hide text or make two names look alike. In commit messages, PR titles and
// comments they are shown, not dropped, so a reviewer sees that they were there.
// U+00AD soft hyphen, U+061C Arabic letter mark, U+115F/U+1160/U+3164/U+FFA0 Hangul fillers,
// U+180E Mongolian vowel separator, U+200B-U+200F zero-width and directional marks,
// U+2028/U+2029 line and paragraph separators, U+202A-U+202E embeddings and overrides,
// U+2060-U+2064 word joiner and invisible operators, U+2066-U+2069 isolates, U+FEFF BOM.
export const INVISIBLE = /[\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\u3164\ufeff\uffa0]/g;

/** The code point a reader is shown in place of an invisible character: `U+202E`. */
export const codePointName = (c: string): string => `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;

/** Plain text with each invisible or bidi control character shown as `[U+XXXX]`. */
export function shownInvisibles(text: string): string {
  return text.replace(INVISIBLE, (c) => `[${codePointName(c)}]`);
}
