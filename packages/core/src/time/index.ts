export { durationMs, durationSchema } from "./duration.ts";
export { isTimeZone, wallTimeAt, instantOfWallTime, isoInZone, type WallTime } from "./wall-clock.ts";
export { cronSchedule, cronProblem, type CronSchedule } from "./cron-schedule.ts";
export { parseLocalDateTime, instantOfLocal, type LocalDateTime } from "./local-date-time.ts";
export { parseInstant } from "./instant.ts";
