#!/usr/bin/env node
// The compile cache keeps compiled modules on disk, so every run after the first starts several
// times faster. The bundle (see fresh-bundle.js) is a few files where the sources are ~100 modules,
// each resolved, read and type-stripped; without a fresh one the sources run. The published package
// ships no sources: it always runs its bundle, on every maintained Node line.
import { freshBundle, shippedBundle } from "./fresh-bundle.js";

process.getBuiltinModule("node:module").enableCompileCache?.();
const { main, stopQuietlyWhenStdoutCloses } = await import(shippedBundle() ?? freshBundle() ?? "../src/main.ts");
stopQuietlyWhenStdoutCloses();
process.exitCode = await main(process.argv.slice(2));
