export { humanBytes } from "./human-bytes.ts";
export { transferProgress, type ProgressOptions, type ProgressSink, type TransferProgress } from "./transfer-progress.ts";
