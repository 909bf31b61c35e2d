#!/usr/bin/env node
// relm runs on Node 24, which executes the TypeScript sources directly. The compile cache keeps the
// stripped and compiled modules on disk, so every run after the first starts several times faster.
import { enableCompileCache } from "node:module";

enableCompileCache?.();
const { main, stopQuietlyWhenStdoutCloses } = await import("../src/main.ts");
stopQuietlyWhenStdoutCloses();
process.exitCode = await main(process.argv.slice(2));
