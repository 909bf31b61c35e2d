import picomatch from "picomatch";

/** Whether `name` matches any glob; `*` stays within a path segment (release/* is not release/a/b). */
export function matchesAny(name: string, globs: readonly string[]): boolean {
  return globs.some((g) => picomatch(g, { dot: true })(name));
}
