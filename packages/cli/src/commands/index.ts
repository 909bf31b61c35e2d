import type { Command } from "commander";
import { registerPlan } from "./plan.ts";
import { registerVersion } from "./version.ts";
import { registerNotes } from "./notes.ts";
import { registerChangelog } from "./changelog.ts";

/** A command registers itself on the program; one file per command keeps each one small. */
export type RegisterCommand = (program: Command) => void;

// Commands are added here as their use cases land.
export const commands: RegisterCommand[] = [registerPlan, registerVersion, registerNotes, registerChangelog];
