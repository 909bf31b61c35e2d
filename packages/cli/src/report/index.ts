// Rendering the KPI report: terminal text, CSV and a self-contained HTML page with SVG charts.
export { reportText } from "./report-text.ts";
export { reportCsv } from "./report-csv.ts";
export { reportHtml } from "./report-html.ts";
export { reportWindow } from "./report-window.ts";
