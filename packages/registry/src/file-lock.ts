import { open, readFile, rm, stat } from "node:fs/promises";
import { hostname } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { RelmError } from "@relm/core/errors";

/** How long a lock may be held before another publisher treats its holder as dead. */
const STALE_MS = 120_000;
const WAIT_MS = 60_000;

/**
 * An exclusive lock file (`open(..., "wx")` is atomic on local file systems and NFSv3+). A lock left
 * by a killed publisher is taken over once its holder is gone (same host, dead pid) or it is stale.
 */
export async function withFileLock<T>(path: string, critical: () => Promise<T>): Promise<T> {
  const started = Date.now();
  for (let attempt = 0; ; attempt += 1) {
    try {
      const handle = await open(path, "wx");
      await handle.writeFile(JSON.stringify({ pid: process.pid, host: hostname(), at: new Date().toISOString() }));
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      if (await holderGone(path)) {
        await rm(path, { force: true });
        continue;
      }
      if (Date.now() - started > WAIT_MS) {
        throw new RelmError("RELM_REGISTRY_LOCKED", "conflict", `the registry is locked by another publisher (${path})`, {
          details: [{ where: path, message: await readFile(path, "utf8").catch(() => "(unreadable)") }],
          hint: "Wait for the other publish to finish; delete the lock file only if no publisher is running.",
        });
      }
      await sleep(Math.min(50 * 2 ** Math.min(attempt, 5), 1000));
    }
  }
  try {
    return await critical();
  } finally {
    await rm(path, { force: true });
  }
}

async function holderGone(path: string): Promise<boolean> {
  const info = await stat(path).catch(() => undefined);
  if (!info) return true;
  const stale = Date.now() - info.mtimeMs > STALE_MS;
  let holder: { pid?: unknown; host?: unknown };
  try {
    holder = JSON.parse(await readFile(path, "utf8")) as { pid?: unknown; host?: unknown };
  } catch {
    // Half-written by a holder that is just starting (or died starting): judge by age alone.
    return stale;
  }
  if (holder.host === hostname() && typeof holder.pid === "number" && holder.pid !== process.pid) {
    try {
      process.kill(holder.pid, 0);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ESRCH") return true;
    }
  }
  return stale;
}
