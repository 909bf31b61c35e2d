// The public face of @relm/core. Each capability folder has its own index.ts; re-export them here.
export * from "./errors.ts";
export * from "./forge-answer.ts";
export * from "./ports.ts";
export * from "./policy/index.ts";
export * from "./time/index.ts";
export * from "./approval/index.ts";
export * from "./usecases/index.ts";
export * from "./record/index.ts";
export * from "./commits/index.ts";
export * from "./version/index.ts";
export * from "./notes/index.ts";
export * from "./candidate/index.ts";
export * from "./report/index.ts";
export * from "./calendar/index.ts";
export * from "./prepare/index.ts";
export * from "./provenance/index.ts";
