// Rendering the KPI report: terminal text, CSV, a GitLab metrics report and a self-contained HTML page with SVG charts.
export { reportText } from "./report-text.ts";
export { reportCsv } from "./report-csv.ts";
export { reportHtml } from "./report-html.ts";
export { reportMetrics } from "./report-metrics.ts";
export { reportWindow } from "./report-window.ts";
