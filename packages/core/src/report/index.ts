export { computeReport, type ReportWindow } from "./compute-report.ts";
export { reportSchema, reportJsonSchema, figureSchema, REPORT_SCHEMA_ID, MIN_SAMPLES, type Report, type Figure, type Spread, type Period } from "./report-schema.ts";
export { percentile, median } from "./figure.ts";
