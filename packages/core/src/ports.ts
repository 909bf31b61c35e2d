// The interfaces the use cases need, in domain types only. One file per capability under ports/.
export * from "./ports/clock.ts";
export * from "./ports/git.ts";
export * from "./ports/forge.ts";
export * from "./ports/runtime.ts";
export * from "./ports/registry.ts";
export * from "./ports/work-tree.ts";
export * from "./ports/hooks.ts";
export * from "./ports/commit-authors.ts";
