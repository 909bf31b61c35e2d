import picomatch from "picomatch";

/**
 * Whether `name` matches any glob; `*` stays within a path segment (release/* is not release/a/b).
 * Its own file: the planner matches branches with it and must not load zod for it.
 */
export function matchesAny(name: string, globs: readonly string[]): boolean {
  return globs.some((g) => picomatch(g, { dot: true })(name));
}
