// Rendering the change calendar (freezes, releases, deployments) as RFC 5545.
export { calendarIcs } from "./calendar-ics.ts";
