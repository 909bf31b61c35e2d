#!/usr/bin/env node
// relm runs on Node 24. The compile cache keeps compiled modules on disk, so every run after the
// first starts several times faster. The bundle (see fresh-bundle.js) is a few files where the
// sources are ~100 modules, each resolved, read and type-stripped; without one the sources run.
import { freshBundle } from "./fresh-bundle.js";

process.getBuiltinModule("node:module").enableCompileCache?.();
const { main, stopQuietlyWhenStdoutCloses } = await import(freshBundle() ?? "../src/main.ts");
stopQuietlyWhenStdoutCloses();
process.exitCode = await main(process.argv.slice(2));
