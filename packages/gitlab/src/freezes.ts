import type { ForgeFreeze, FreezeReader } from "@relm/core";
import { z } from "zod";
import type { GitlabClient } from "./client.ts";
import { call } from "./call.ts";
import { freezePeriodSchema } from "./schemas.ts";

const LIST = "GET /projects/:id/freeze_periods";

/**
 * GitLab's deploy freeze periods. `start` and `end` are GitLab's cron expressions (a freeze runs
 * from each `start` tick to the next `end` tick in `timeZone`); the gate merges them with the
 * policy's own windows so a project that declared freezes in GitLab keeps them.
 */
export function gitlabFreezeReader(client: GitlabClient, project: string): FreezeReader {
  return {
    async freezes() {
      const list = await call(LIST, z.array(freezePeriodSchema), () => client.freezePeriods.all(project, { perPage: 100, maxPages: 5 }));
      return list.map(
        (f): ForgeFreeze => ({
          start: f.freeze_start,
          end: f.freeze_end,
          timeZone: f.cron_timezone ?? "UTC",
          source: `gitlab freeze period #${f.id}`,
        }),
      );
    },
  };
}
