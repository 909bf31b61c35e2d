import type { Verification } from "../rollout/rollout-schema.ts";

/** How a pipeline's own command ended: `exit 0`, `exit 3`, `signal SIGTERM`. */
export interface HookRun {
  ok: boolean;
  how: string;
}

/** Runs the pipeline's deploy and rollout commands (argv, never a shell) with relm's values in variables. */
export interface HookRunner {
  run(argv: readonly string[], vars: Readonly<Record<string, string>>): Promise<HookRun>;
}

/** One post-deployment check's outcome, as the chain records it. */
export interface VerificationResult {
  kind: string;
  target: string;
  ok: boolean;
  detail?: string;
}

/** Runs a rollout step's post-deployment verification: commands, health URLs, forge checks. */
export interface StepVerifier {
  verify(specs: readonly Verification[], vars: Readonly<Record<string, string>>, commit: string): Promise<VerificationResult[]>;
}

/** Waiting, injected so a soak can be waited out in a job and skipped in a test. */
export interface Waiter {
  wait(ms: number): Promise<void>;
}
