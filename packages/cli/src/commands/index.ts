import type { Command } from "commander";

/** A command registers itself on the program; one file per command keeps each one small. */
export type RegisterCommand = (program: Command) => void;

// Commands are added here as their use cases land.
export const commands: RegisterCommand[] = [];
