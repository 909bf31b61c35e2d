#!/usr/bin/env node
// relm runs on Node 24, which executes the TypeScript sources directly.
import { main } from "../src/main.ts";

process.exitCode = await main(process.argv.slice(2));
