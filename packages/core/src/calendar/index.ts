export { calendarOf, type Calendar, type CalendarFreeze } from "./calendar-of.ts";
export { cronRecurrence, type Recurrence } from "./cron-recurrence.ts";
