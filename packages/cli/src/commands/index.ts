import type { Command } from "commander";
import { registerPlan } from "./plan.ts";
import { registerVersion } from "./version.ts";
import { registerNotes } from "./notes.ts";
import { registerChangelog } from "./changelog.ts";
import { registerPublish } from "./publish.ts";
import { registerVerify } from "./verify.ts";
import { registerFetch } from "./fetch.ts";
import { registerList } from "./list.ts";
import { registerRollback } from "./rollback.ts";
import { registerRelease } from "./release.ts";
import { registerTag } from "./tag.ts";
import { registerApprove } from "./approve.ts";
import { registerGate } from "./gate.ts";
import { registerPolicy } from "./policy.ts";

/** A command registers itself on the program; one file per command keeps each one small. */
export type RegisterCommand = (program: Command) => void;

// Commands are added here as their use cases land.
export const commands: RegisterCommand[] = [registerPlan, registerVersion, registerNotes, registerChangelog, registerPublish, registerVerify, registerFetch, registerList, registerRollback, registerRelease, registerTag, registerApprove, registerGate, registerPolicy];
