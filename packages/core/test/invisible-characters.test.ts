import { describe, expect, it } from "vitest";
import { cleanReason, escapeMarkdown, shownInvisibles } from "../src/index.ts";

// Trojan Source: each of these hides or reorders text when printed raw.
const HIDDEN = ["\u202e", "\u2066", "\u200b", "\u200f", "\u2028", "\u2029", "\ufeff", "\u00ad", "\u3164", "\u2060"];
const RAW = /[\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\u3164\ufeff\uffa0]/;

describe("invisible and bidi characters", () => {
  it("are shown as their code point in plain text", () => {
    expect(shownInvisibles("fix \u202eexe.txt")).toBe("fix [U+202E]exe.txt");
    expect(shownInvisibles("a\u200bb\ufeff")).toBe("a[U+200B]b[U+FEFF]");
    expect(shownInvisibles("plain ü é 中文 🎉")).toBe("plain ü é 中文 🎉");
  });

  it("each become a code span in Markdown, never the raw character", () => {
    for (const c of HIDDEN) {
      const out = escapeMarkdown(`left${c}right`);
      expect(out).not.toMatch(RAW);
      expect(out).toMatch(/^left`U\+[0-9A-F]{4}`right$/);
    }
    expect(escapeMarkdown("fix \u202eexe.txt")).toBe("fix `U+202E`exe.txt");
  });

  it("keep the rest of the line escaped around them", () => {
    expect(escapeMarkdown("\u2066@octocat\u2069 <b>x</b>")).toBe("`U+2066``@octocat``U+2069` &lt;b&gt;x&lt;/b&gt;");
    expect(escapeMarkdown("  lead\u2028  # trail  ")).toBe("lead`U+2028` \\# trail");
    expect(escapeMarkdown("a\u202e\u202db")).toBe("a`U+202E``U+202D`b");
  });

  it("are shown, not dropped, in an approval reason", () => {
    expect(cleanReason("ok \u202eevil\u202c")).toBe("ok [U+202E]evil[U+202C]");
    expect(cleanReason("ok\u001b[2J now")).toBe("ok[2J now");
  });

  it("leave ordinary text unchanged, accents, scripts and emoji included", () => {
    for (const t of ["feat: añadir ü", "fix(核心): 修复", "docs: 🎉 ready", "chore: العربية"]) {
      expect(escapeMarkdown(t)).toBe(t.replace(/[()]/g, (c) => `\\${c}`));
    }
  });
});
