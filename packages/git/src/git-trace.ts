/** Where `--verbose` sends one line per git process: its arguments, exit code and duration. */
let tracer: ((line: string) => void) | undefined;

export function traceGit(write: ((line: string) => void) | undefined): void {
  tracer = write;
}

/** Starts timing one git process; the returned function reports it when it ends. */
export function gitTraceStart(args: readonly string[]): (code: number | null) => void {
  if (!tracer) return () => undefined;
  const started = performance.now();
  const shown = args.map((a) => (a.length > 80 ? `${a.slice(0, 77)}...` : a)).join(" ");
  return (code) => tracer?.(`git ${shown} -> exit ${code ?? "signal"} in ${Math.round(performance.now() - started)} ms`);
}
