/** Where a location in a file can be shown (annotations on GitHub, file:line in a terminal). */
export interface SourceLocation {
  file: string;
  line?: number;
  column?: number;
}

/**
 * The host a use case reports to: GitHub Actions, GitLab CI or a terminal.
 * Untrusted text passed to these methods is escaped by the implementation for its host.
 */
export interface Runtime {
  info(message: string): void;
  warning(message: string, where?: SourceLocation): void;
  error(message: string, where?: SourceLocation): void;
  /** A collapsible section in CI logs; a heading in a terminal. */
  group<T>(title: string, body: () => Promise<T>): Promise<T>;
  setOutput(name: string, value: string): void;
  /** Markdown for the job summary (GitHub) or an artifact (GitLab); ignored in a terminal unless asked. */
  summary(markdown: string): void;
  /** Keeps a secret out of every later log line. */
  mask(secret: string): void;
}

/** A runtime that records everything; for tests and for drivers that print at the end. */
export function collectingRuntime(): Runtime & { lines: string[]; outputs: Map<string, string>; summaries: string[] } {
  const lines: string[] = [];
  const outputs = new Map<string, string>();
  const summaries: string[] = [];
  return {
    lines,
    outputs,
    summaries,
    info: (m) => void lines.push(m),
    warning: (m) => void lines.push(`warning: ${m}`),
    error: (m) => void lines.push(`error: ${m}`),
    group: async (title, body) => {
      lines.push(`== ${title}`);
      return body();
    },
    setOutput: (n, v) => void outputs.set(n, v),
    summary: (md) => void summaries.push(md),
    mask: () => undefined,
  };
}
