import type { RawCommit } from "../ports/git.ts";

// Past this many commits the log is not waited for to tell reachability: git's own check answers
// sooner than a long range can be read (a higher tag on a branch that forked long ago).
const ANSWER_WITHIN = 500;

/**
 * A range's log, read before it is known to be the range wanted: the planner starts it as soon as
 * it has a guess for the previous release, and keeps it when the guess was right.
 */
export interface EarlyRead<T> {
  /**
   * Whether the lower end is reachable from the range's upper end, told by the log itself: `from`
   * is an ancestor of `to` exactly when a commit of `to ^from` has `from` as a parent (the path from
   * `to` down to `from` leaves the range there). Undefined when the log cannot tell soon: ask git.
   */
  reachesFrom(): Promise<boolean | undefined>;
  /** The commits, when `from` is the lower end this read started with; undefined (and git is stopped) otherwise. */
  take(from: string | undefined): Promise<T[] | undefined>;
  /** Stops git when the read was not taken (it would otherwise walk on, and hold the process open). */
  drop(): void;
}

/**
 * Reads `log` (the unfiltered range `to ^from`: no paths, so parents are the commits' own) in the
 * background, mapping each commit as it arrives.
 */
export function readEarly<T>(log: AsyncIterable<RawCommit>, from: string | undefined, map: (raw: RawCommit) => T): EarlyRead<T> {
  let dropped = false;
  let tell: (answer: boolean | undefined) => void = () => undefined;
  const told = new Promise<boolean | undefined>((resolve) => (tell = resolve));
  const read = (async () => {
    const out: T[] = [];
    let reached = false;
    let whole = false;
    try {
      for await (const raw of log) {
        if (dropped) break; // leaving the loop stops the log (and kills git)
        if (from !== undefined && !reached && raw.parents.includes(from)) reached = true;
        out.push(map(raw));
        if (out.length === ANSWER_WITHIN) tell(undefined);
      }
      whole = !dropped;
    } finally {
      // Only a log read to its end tells; a failed or stopped one leaves the question to git.
      tell(whole ? reached : undefined);
    }
    return out;
  })();
  // A dropped read's failure concerns nobody; a taken one hands its failure to the taker.
  read.catch(() => undefined);
  return {
    reachesFrom: () => told,
    take(lower) {
      if (lower === from) return read;
      dropped = true;
      return Promise.resolve(undefined);
    },
    drop() {
      dropped = true;
    },
  };
}
