export { durationMs, durationSchema } from "./duration.ts";
