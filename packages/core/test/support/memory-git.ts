// A test double of the `Git` port for core unit tests: an in-memory commit graph with tags.
// Real-git behaviour (streaming, NUL parsing, refs) is tested in packages/git against real repositories.
import type { AnnotatedTagInput, Git, LogQuery, RawCommit, TagRef } from "../../src/ports/git.ts";

export interface CommitSpec {
  message: string;
  files?: string[];
  /** Parent hashes; default: the previous commit on the current branch. */
  parents?: string[];
  author?: string;
  email?: string;
}

export class MemoryGit implements Git {
  readonly commits = new Map<string, RawCommit>();
  private readonly order: string[] = [];
  private readonly tagList: TagRef[] = [];
  shallow = false;
  head = "";
  private counter = 0;

  /** Adds a commit on top of HEAD (or the given parents) and moves HEAD to it; returns its hash. */
  commit(spec: CommitSpec | string): string {
    const s = typeof spec === "string" ? { message: spec } : spec;
    this.counter++;
    const hash = this.counter.toString(16).padStart(7, "0").padEnd(40, "a");
    const parents = s.parents ?? (this.head === "" ? [] : [this.head]);
    const date = new Date(Date.UTC(2026, 0, 1) + this.counter * 60_000).toISOString();
    this.commits.set(hash, {
      hash,
      parents,
      authorName: s.author ?? "Ada Lovelace",
      authorEmail: s.email ?? "ada@example.invalid",
      authorDate: date,
      committerDate: date,
      message: s.message,
      files: s.files ?? ["src/index.ts"],
    });
    this.order.push(hash);
    this.head = hash;
    return hash;
  }

  tag(name: string, commit = this.head): void {
    this.tagList.push({ name, commit, annotated: true });
  }

  async resolve(ref: string): Promise<string> {
    if (ref === "HEAD") return this.head;
    const tag = this.tagList.find((t) => t.name === ref);
    if (tag) return tag.commit;
    const m = /^(.*)\^$/.exec(ref);
    if (m?.[1] !== undefined) return this.commits.get(await this.resolve(m[1]))?.parents[0] ?? "";
    const hit = [...this.commits.keys()].find((h) => h.startsWith(ref));
    if (!hit) throw new Error(`no such ref ${ref}`);
    return hit;
  }

  private ancestors(start: string): Set<string> {
    const seen = new Set<string>();
    const stack = [start];
    while (stack.length > 0) {
      const h = stack.pop() as string;
      if (seen.has(h)) continue;
      seen.add(h);
      stack.push(...(this.commits.get(h)?.parents ?? []));
    }
    return seen;
  }

  async *log(query: LogQuery): AsyncIterable<RawCommit> {
    const reach = this.ancestors(await this.resolve(query.to));
    const exclude = query.from !== undefined ? this.ancestors(await this.resolve(query.from)) : new Set<string>();
    for (const hash of [...this.order].reverse()) {
      if (!reach.has(hash) || exclude.has(hash)) continue;
      const c = this.commits.get(hash) as RawCommit;
      const files = c.files ?? [];
      if (query.paths && !files.some((f) => query.paths?.some((p) => f === p || f.startsWith(`${p}/`)))) continue;
      const { files: _files, ...rest } = c;
      yield query.withFiles ? { ...rest, files } : rest;
    }
  }

  async tags(): Promise<TagRef[]> {
    return [...this.tagList];
  }

  async isAncestor(ancestor: string, descendant: string): Promise<boolean> {
    return this.ancestors(await this.resolve(descendant)).has(await this.resolve(ancestor));
  }

  async isShallow(): Promise<boolean> {
    return this.shallow;
  }

  async currentBranch(): Promise<string | undefined> {
    return "main";
  }

  async remoteUrl(): Promise<string | undefined> {
    return undefined;
  }

  /** File contents by path, the same at every revision (enough for manifests read at the target). */
  readonly files = new Map<string, string>();

  async readFile(_rev: string, path: string): Promise<string | undefined> {
    return this.files.get(path);
  }

  async createAnnotatedTag(tag: AnnotatedTagInput): Promise<{ created: boolean }> {
    this.tag(tag.name, await this.resolve(tag.commit));
    return { created: true };
  }
}
