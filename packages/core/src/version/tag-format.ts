import { RelmError } from "../errors.ts";

// Semver 2.0 (no leading "v": the template carries any prefix).
const SEMVER = String.raw`(\d+\.\d+\.\d+(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?)`;

export interface TagFormat {
  template: string;
  /** The tag name of a version. */
  format(version: string): string;
  /** The version a tag name holds, undefined when the tag does not follow this format. */
  parse(tag: string): string | undefined;
}

/**
 * A tag format from a template such as `v${version}`, `${name}@${version}` or `${name}-v${version}`.
 * `${name}` is the package name (scoped names keep their `@scope/`).
 */
export function tagFormat(template: string, name = ""): TagFormat {
  if (!template.includes("${version}")) {
    throw new RelmError("RELM_TAG_FORMAT", "config", `tag format ${JSON.stringify(template)} has no \${version}`, {
      details: [{ where: "tagFormat", message: "expected a template such as v${version} or ${name}@${version}" }],
    });
  }
  const literal = template.replaceAll("${name}", name);
  const [before = "", ...rest] = literal.split("${version}");
  const after = rest.join("${version}");
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  // `v${version}` reads a bare `1.2.3` too: projects that added (or dropped) the v have both in
  // their history, and the last bare one is their previous release. New tags always get the v.
  const optionalV = before === "v" && after === "";
  const re = new RegExp(`^${optionalV ? "v?" : escape(before)}${SEMVER}${escape(after)}$`);
  return {
    template,
    format: (version) => `${before}${version}${after}`,
    parse(tag) {
      if (!optionalV && !tag.startsWith(before)) return undefined;
      return re.exec(tag)?.[1];
    },
  };
}
