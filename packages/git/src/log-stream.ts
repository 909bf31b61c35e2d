import type { LogQuery, RawCommit } from "@relm/core";
import { RelmError } from "@relm/core/errors";
import { gitFailure, spawnError, spawnGit, type GitContext } from "./run-git.ts";

// One record per commit: RS, then seven NUL-separated fields. Messages cannot hold NUL, so the
// message ends at the next NUL whatever it contains (CRLF, RS, unicode, 10 KB). With -z git ends
// each record with NUL, and with --name-only adds "\n" and each path NUL-terminated.
const FIELD_COUNT = 7;
const FORMAT = `%x1e${["%H", "%P", "%an", "%ae", "%aI", "%cI", "%B"].join("%x00")}`;
const RS = "\x1e";

/** The git arguments for a query; revisions come after --end-of-options so a ref can never be an option. */
export function logArgs(query: LogQuery): string[] {
  const args = ["log", "-z", `--format=${FORMAT}`, "--no-color", "--no-show-signature"];
  // Merges list the paths they change against their first parent: everything the merged branch brought
  // in. The branch's own commits are listed too, each with its own paths.
  if (query.withFiles) args.push("--name-only", "--no-renames", "--diff-merges=first-parent");
  // A path filter picks the commits; the paths listed stay all of each commit's (git lists only the
  // filtered ones otherwise, and a commit changing two packages would seem to change one).
  if (query.withFiles && query.paths) args.push("--full-diff");
  args.push("--end-of-options", query.to);
  if (query.from !== undefined) args.push(`^${query.from}`);
  args.push("--");
  if (query.paths) args.push(...query.paths);
  return args;
}

/** Builds commits from NUL-delimited tokens as they arrive. */
class RecordParser {
  private fields: string[] = [];
  private files: string[] = [];
  private readonly withFiles: boolean;
  // A history has few authors and many commits: one string per name and e-mail, not one per commit
  // (a plan keeps every commit of its range).
  private readonly people = new Map<string, string>();
  constructor(withFiles: boolean) {
    this.withFiles = withFiles;
  }

  /** Feeds one token; returns a commit when one is complete. */
  push(token: string): RawCommit | undefined {
    const n = this.fields.length;
    if (n === 0) {
      // Between records only the record separator may start one; anything else is a stray terminator.
      if (token.startsWith(RS)) this.fields.push(token.slice(1));
      return undefined;
    }
    if (n < FIELD_COUNT) {
      this.fields.push(token);
      return n + 1 === FIELD_COUNT && !this.withFiles ? this.flush() : undefined;
    }
    if (token.startsWith(RS)) {
      const done = this.flush();
      this.fields.push(token.slice(1));
      return done;
    }
    const path = this.files.length === 0 && token.startsWith("\n") ? token.slice(1) : token;
    if (path !== "") this.files.push(path);
    return undefined;
  }

  private person(text: string): string {
    const known = this.people.get(text);
    if (known !== undefined) return known;
    // Bounded: a history of bots with unique e-mails must not make this a second copy of the log.
    if (this.people.size < 10_000) this.people.set(text, text);
    return text;
  }

  flush(): RawCommit | undefined {
    if (this.fields.length < FIELD_COUNT) {
      this.fields = [];
      return undefined;
    }
    const [hash = "", parents = "", authorName = "", authorEmail = "", authorDate = "", committerDate = "", message = ""] = this.fields;
    const commit: RawCommit = { hash, parents: parents === "" ? [] : parents.split(" "), authorName: this.person(authorName), authorEmail: this.person(authorEmail), authorDate, committerDate, message };
    if (this.withFiles) commit.files = this.files;
    this.fields = [];
    this.files = [];
    return commit;
  }
}

/**
 * Streams `git log` newest first. Parsing follows the pipe chunk by chunk, so memory stays at one
 * commit whatever the history's length; stopping early (break, return) kills git.
 */
export async function* streamLog(ctx: GitContext, query: LogQuery): AsyncGenerator<RawCommit> {
  const args = logArgs(query);
  const child = spawnGit(ctx, args);
  child.stdin.end();
  const stderr: Buffer[] = [];
  child.stderr.on("data", (b: Buffer) => stderr.push(b));
  let spawnFailure: Error | undefined;
  const exited = new Promise<number | null>((resolve) => {
    child.on("error", (e) => {
      spawnFailure = e;
      resolve(null);
    });
    child.on("close", (code) => resolve(code));
  });
  const parser = new RecordParser(query.withFiles === true);
  let pending: Buffer[] = [];
  let finished = false;
  try {
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      let start = 0;
      let nul = chunk.indexOf(0, start);
      while (nul !== -1) {
        let token: string;
        if (pending.length > 0) {
          pending.push(chunk.subarray(start, nul));
          token = Buffer.concat(pending).toString("utf8");
          pending = [];
        } else {
          token = chunk.toString("utf8", start, nul);
        }
        const commit = parser.push(token);
        if (commit) yield commit;
        start = nul + 1;
        nul = chunk.indexOf(0, start);
      }
      if (start < chunk.length) pending.push(chunk.subarray(start));
    }
    if (pending.length > 0) {
      const commit = parser.push(Buffer.concat(pending).toString("utf8"));
      if (commit) yield commit;
    }
    const last = parser.flush();
    if (last) yield last;
    const code = await exited;
    finished = true;
    if (spawnFailure) throw spawnError(ctx, spawnFailure);
    if (code !== 0) throw logFailure(ctx, args, query, code ?? 1, Buffer.concat(stderr).toString("utf8"));
  } finally {
    // The consumer stopped early (or parsing threw): git would otherwise keep walking history.
    if (!finished && child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      child.stdout.destroy();
    }
  }
}

function logFailure(ctx: GitContext, args: string[], query: LogQuery, code: number, stderr: string): RelmError {
  const bad = /(?:bad revision|unknown revision or path not in the working tree)[^']*'([^']*)'/.exec(stderr) ?? /ambiguous argument '([^']*)'/.exec(stderr);
  if (bad) {
    const ref = (bad[1] ?? "").replace(/^\^/, "");
    const which = ref === query.from ? "--from" : ref === query.to ? "--to" : "the range";
    return new RelmError("RELM_GIT_REF_NOT_FOUND", "usage", `git ref ${JSON.stringify(ref)} does not exist in this repository`, {
      details: [{ where: which, message: `no branch, tag or commit named ${JSON.stringify(ref)}` }],
      hint: "Check the spelling; in CI, fetch tags and full history (GitHub Actions: actions/checkout with fetch-depth: 0).",
    });
  }
  if (/does not have any commits yet|bad default revision 'HEAD'/.test(stderr)) {
    return new RelmError("RELM_GIT_NO_COMMITS", "usage", `the repository at ${ctx.cwd} has no commits yet`, { hint: "Make a first commit, then plan a release." });
  }
  return gitFailure(ctx, args, { code, stderr });
}
