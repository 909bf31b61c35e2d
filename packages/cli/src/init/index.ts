export { initForge, type DetectedForge, type InitForge } from "./init-forge.ts";
export { cabLogins, initFiles, nextSteps, type InitFile, type InitInput } from "./init-files.ts";
export { gitlabIncludeLines } from "./pipeline-text.ts";
