import type { CheckReader, StepVerifier, VerificationResult } from "@relm/core";
import { durationMs } from "@relm/core/time/duration";
import type { Verification } from "@relm/core/rollout/rollout-schema";
import { runHook } from "./run-hook.ts";

/** A URL as it may be recorded and printed: no userinfo, no query (health URLs carry tokens there too). */
function shownUrl(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.host}${u.pathname}`;
}

async function probe(url: string, status: number, timeout: string, fetcher: typeof fetch): Promise<VerificationResult> {
  const target = shownUrl(url);
  try {
    const response = await fetcher(url, { method: "GET", redirect: "manual", signal: AbortSignal.timeout(durationMs(timeout) ?? 10_000) });
    await response.body?.cancel();
    return { kind: "http", target, ok: response.status === status, detail: `answered ${response.status}, expected ${status}` };
  } catch (error) {
    return { kind: "http", target, ok: false, detail: `no answer: ${(error as Error).message}` };
  }
}

/**
 * The post-deployment verification of one step: every check runs (a failed one does not hide the
 * others from the record), and the step passes only when all pass. Checks that no forge can report
 * fail: unknown never counts as healthy.
 */
async function verifyStep(specs: readonly Verification[], vars: Readonly<Record<string, string>>, cwd: string, readers: { checks?: CheckReader | undefined; commit: string; fetch?: typeof fetch | undefined }): Promise<VerificationResult[]> {
  const out: VerificationResult[] = [];
  for (const spec of specs) {
    if ("command" in spec) {
      const run = await runHook(spec.command, vars, cwd).catch((error: unknown) => ({ ok: false, how: (error as Error).message }));
      out.push({ kind: "command", target: spec.command.join(" "), ok: run.ok, detail: run.how });
    } else if ("url" in spec) {
      out.push(await probe(spec.url, spec.status, spec.timeout, readers.fetch ?? fetch));
    } else {
      const results = readers.checks ? await readers.checks.checks(readers.commit) : undefined;
      for (const name of spec.checks) {
        const found = results?.find((r) => r.name === name);
        const ok = found?.conclusion === "success";
        out.push({ kind: "check", target: name, ok, detail: results === undefined ? "no forge reports checks here" : found ? `concluded ${String(found.conclusion)}` : "no result on the release commit" });
      }
    }
  }
  return out;
}

/** The verifier of rollout steps: commands in `cwd`, health URLs through `fetch`, checks through the forge (when there is one). */
export function stepVerifier(cwd: string, options: { checks?: CheckReader; fetch?: typeof fetch } = {}): StepVerifier {
  return { verify: (specs, vars, commit) => verifyStep(specs, vars, cwd, { commit, checks: options.checks, fetch: options.fetch }) };
}
