export { main } from "./main.ts";
export { buildProgram } from "./program.ts";
