// What the `relm prepare` tests share: its --json shape and small readers of a fixture's files.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { GitFixture } from "./git-fixture.ts";

export interface PrepareJson {
  released: boolean;
  dryRun: boolean;
  versions: Array<{ name: string; version: string; tag: string }>;
  files: Array<{ path: string; kind: string; changed: boolean; created: boolean; changes: string[]; added?: string[] }>;
  lockfiles: Array<{ path: string; status: string; note?: string }>;
  notes: string[];
  commit?: { hash?: string; message: string };
}

/** A file of the fixture's working tree. */
export const read = (repo: GitFixture, path: string): string => readFileSync(join(repo.dir, path), "utf8");

/** JSON as package.json files are written: indented, with a final newline. */
export const json = (value: unknown, indent: string | number = 2): string => `${JSON.stringify(value, null, indent)}\n`;
