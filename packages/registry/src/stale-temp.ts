import { readdir, rm, stat } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";

/**
 * Temporary files and directories of relm carry who made them, `<host>.<pid>.<random>`, so that the
 * leftovers of a killed run (a half-written blob, a spool of gigabytes) are removed by the next run
 * instead of piling up.
 */
export const tempName = (prefix: string, random: string): string => `${prefix}${hostTag()}.${process.pid}.${random}`;

/** This host's name as it goes into temporary names: no dots, so the name splits on them. */
const hostTag = (): string => hostname().replace(/[^A-Za-z0-9-]/g, "_");

/** Nothing written for this long: no live upload is behind it. */
const ABANDONED_MS = 60 * 60 * 1000;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code !== "ESRCH";
  }
}

/**
 * Removes the entries of `dir` named by `tempName(prefix, ...)` whose maker is gone: a process of this
 * host that no longer runs; for another host's (a registry directory on shared storage) or an unnamed
 * one, nothing written for an hour, which no live upload leaves, as it writes all the time. Best
 * effort: a sweep that fails leaves the leftovers for the next one.
 */
export async function removeStaleTemps(dir: string, prefix: string, now = Date.now()): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const host = hostTag();
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const [madeOn, pid] = name.slice(prefix.length).split(".");
    const path = join(dir, name);
    const gone =
      madeOn === host && pid !== undefined && /^\d+$/.test(pid)
        ? Number(pid) !== process.pid && !alive(Number(pid))
        : now - ((await stat(path).catch(() => undefined))?.mtimeMs ?? now) > ABANDONED_MS;
    if (!gone) continue;
    await rm(path, { recursive: true, force: true }).catch(() => undefined);
    removed.push(name);
  }
  return removed;
}
