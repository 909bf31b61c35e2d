import { setTimeout as sleep } from "node:timers/promises";
import type { Waiter } from "@relm/core";

/** Waits with a timer: a soak waited out in the job. */
export const timerWaiter: Waiter = { wait: (ms) => sleep(ms) };
