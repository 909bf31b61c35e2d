import { spawn, spawnSync } from "node:child_process";
import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { withSpooledArtifact } from "@relm/registry";
import { removeStaleTemps, tempName } from "../src/stale-temp.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "relm-stale-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const host = hostname().replace(/[^A-Za-z0-9-]/g, "_");
/** The pid of a process that has ended. */
const deadPid = (): number => spawnSync(process.execPath, ["-e", "0"]).pid ?? 0;

it("removes what a dead process of this host left and abandoned entries of other hosts; keeps live ones", async () => {
  const sub = join(dir, "sweep");
  await mkdir(sub);
  const sleeper = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"]);
  try {
    const entries = {
      dead: `x-${host}.${deadPid()}.a`,
      mine: `x-${host}.${process.pid}.b`,
      live: `x-${host}.${sleeper.pid}.c`,
      elsewhereFresh: "x-otherhost.12.d",
      elsewhereOld: "x-otherhost.13.e",
      olderRelm: "x-4242-f",
      otherPrefix: `y-${host}.${deadPid()}.g`,
    };
    for (const name of Object.values(entries)) await writeFile(join(sub, name), "partial");
    const spool = `x-${host}.${deadPid()}.dir`;
    await mkdir(join(sub, spool));
    await writeFile(join(sub, spool, "blob"), "spooled");
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    for (const name of [entries.elsewhereOld, entries.olderRelm]) await utimes(join(sub, name), twoHoursAgo, twoHoursAgo);

    const removed = await removeStaleTemps(sub, "x-");
    expect(removed.sort()).toEqual([entries.dead, entries.elsewhereOld, entries.olderRelm, spool].sort());
    expect((await readdir(sub)).sort()).toEqual([entries.elsewhereFresh, entries.live, entries.mine, entries.otherPrefix].sort());
  } finally {
    sleeper.kill();
  }
});

it("names carry host and pid, so the sweep can tell whose they are", () => {
  expect(tempName("relm-gl-blob-", "r")).toBe(`relm-gl-blob-${host}.${process.pid}.r`);
});

it("a spooled upload removes the spool a killed run left in the temporary directory", async () => {
  const prefix = `relm-stale-test-${process.pid}-`;
  const left = join(tmpdir(), `${prefix}${host}.${deadPid()}.Zq3xYw`);
  await mkdir(left);
  await writeFile(join(left, "blob"), "a spool of a killed run");
  async function* source() {
    yield new TextEncoder().encode("artifact");
  }
  const seen = await withSpooledArtifact(source(), prefix, async (spooled) => {
    const ours = (await readdir(tmpdir())).filter((n) => n.startsWith(prefix));
    expect(ours).toHaveLength(1);
    expect(ours[0]).toMatch(new RegExp(`^${prefix}${host}\\.${process.pid}\\.`));
    return spooled.size;
  });
  expect(seen).toBe(8);
  expect((await readdir(tmpdir())).filter((n) => n.startsWith(prefix))).toEqual([]);
});
