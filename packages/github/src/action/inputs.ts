import { RelmError, durationMs } from "@relm/core";

/** How one action input is read: what it turns into, and the words for what was expected. */
export interface InputSpec<T> {
  expected: string;
  /** Default when the input is empty (the runner passes action.yml defaults itself; this covers direct runs). */
  fallback?: string;
  /** An empty input is allowed and reads as undefined. */
  optional?: boolean;
  parse(raw: string): T | undefined;
}

export type Settings<S extends Record<string, InputSpec<unknown>>> = { [K in keyof S]: S[K] extends InputSpec<infer T> ? T : never };

/** The runner's variable for an input: `INPUT_` + the name upper-cased, spaces as `_`, dashes kept. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, "_").toUpperCase()}`;
}

export const input = {
  text: (fallback = ""): InputSpec<string> => ({ expected: "text", fallback, parse: (raw) => raw }),
  required: (what: string): InputSpec<string> => ({ expected: what, parse: (raw) => (raw === "" ? undefined : raw) }),
  /** YAML 1.2 core booleans, as @actions/core's getBooleanInput reads them. */
  boolean: (fallback: boolean): InputSpec<boolean> => ({
    expected: "true or false",
    fallback: String(fallback),
    parse: (raw) => (["true", "True", "TRUE"].includes(raw) ? true : ["false", "False", "FALSE"].includes(raw) ? false : undefined),
  }),
  oneOf: <const V extends string>(values: readonly V[], fallback: V): InputSpec<V> => ({
    expected: `one of ${values.join(", ")}`,
    fallback,
    parse: (raw) => values.find((v) => v === raw),
  }),
  optionalOneOf: <const V extends string>(values: readonly V[]): InputSpec<V | undefined> => ({
    optional: true,
    expected: `empty or one of ${values.join(", ")}`,
    parse: (raw) => (raw === "" ? (undefined as V | undefined) : values.find((v) => v === raw)),
  }),
  /** A duration such as `90s`, `30m`, `2h`, `1d`; kept as text for core, checked here. */
  duration: (fallback: string): InputSpec<string> => ({ expected: "a duration such as 30s, 10m, 2h or 1d", fallback, parse: (raw) => (durationMs(raw) === undefined ? undefined : raw) }),
  optionalDuration: (): InputSpec<string | undefined> => ({
    optional: true,
    expected: "empty or a duration such as 30s, 10m, 2h or 1d",
    parse: (raw) => (raw === "" ? (undefined as string | undefined) : durationMs(raw) === undefined ? undefined : raw),
  }),
  /** A release candidate's digest as the plan action outputs it (`sha256:` and 64 hex digits), or empty. */
  optionalDigest: (): InputSpec<string | undefined> => ({
    optional: true,
    expected: "empty or a release candidate digest, sha256: followed by 64 hex digits",
    parse: (raw) => (raw === "" ? (undefined as string | undefined) : /^sha256:[0-9a-f]{64}$/.test(raw) ? raw : undefined),
  }),
  /** One entry per line; blank lines and `#` comments are skipped. */
  lines: (): InputSpec<string[]> => ({
    expected: "one entry per line",
    parse: (raw) => raw.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== "" && !l.startsWith("#")),
  }),
};

/**
 * Reads every input into one typed settings object. All problems are reported at once, each naming
 * the input, what was expected and what was given.
 */
export function readSettings<S extends Record<string, InputSpec<unknown>>>(spec: S, env: NodeJS.ProcessEnv): Settings<S> {
  const out: Record<string, unknown> = {};
  const problems: { where: string; message: string }[] = [];
  for (const [name, s] of Object.entries(spec)) {
    const given = (env[inputVariable(name)] ?? "").trim();
    const raw = given === "" ? (s.fallback ?? "") : given;
    const value = s.parse(raw);
    if (value === undefined && !(raw === "" && s.optional)) {
      problems.push({ where: `input ${name}`, message: `expected ${s.expected}, got ${JSON.stringify(given)}` });
      continue;
    }
    out[name] = value;
  }
  if (problems.length > 0) {
    throw new RelmError("RELM_ACTION_INPUT", "usage", problems.length === 1 ? `invalid ${problems[0]?.where ?? "input"}` : `${problems.length} invalid inputs`, {
      details: problems,
      hint: "see the inputs table in the action's README.md",
    });
  }
  return out as Settings<S>;
}
