#!/usr/bin/env node
// The compile cache keeps compiled modules on disk, so every run after the first starts several
// times faster. The bundle (see fresh-bundle.js) is a few files where the sources are ~100 modules,
// each resolved, read and type-stripped; without a fresh one the sources run. The published package
// ships no sources: it always runs its bundle, on every maintained Node line.
import { freshBundle, shippedBundle } from "./fresh-bundle.js";

process.getBuiltinModule("node:module").enableCompileCache?.();
// A plan keeps most of what it reads (every commit of its range), so V8 would keep doubling its
// young generation to the maximum: ~35 MB more resident memory on a 27k-commit history, and no
// faster (bench/plan.ts). It stays at its first size; the old generation grows as it needs.
process.getBuiltinModule("node:v8").setFlagsFromString("--semi-space-growth-factor=1");
const { main, stopQuietlyWhenStdoutCloses } = await import(shippedBundle() ?? freshBundle() ?? "../src/main.ts");
stopQuietlyWhenStdoutCloses();
process.exitCode = await main(process.argv.slice(2));
