import type { RolloutState } from "@relm/core/rollout/rollout-state";

/** `relm rollout status` for a person: one line per step, marked done, next or waiting. */
export function rolloutStatusText(environment: string, state: RolloutState | undefined, soak: string | undefined): string {
  if (!state) return `no rollout was started for ${environment}\n`;
  const lines = [`rollout ${state.rolloutId} of ${state.package ? `${state.package}@` : ""}${state.version} to ${environment}: ${state.strategy}, ${state.status} (started ${state.startedAt})`];
  for (const step of state.steps) {
    const done = state.done.find((d) => d.step.index === step.index);
    const mark = done ? `done ${done.at}` : state.failure?.step === step.index ? `failed: ${state.failure.reason}` : state.next?.index === step.index ? "next" : "waiting";
    const what = step.percentage !== undefined ? `${step.percentage}%` : step.slot ? `${step.action === "switch" ? "switch to" : "deploy to"} ${step.slot}` : step.action;
    lines.push(`  ${step.index}. ${what}  ${mark}`);
  }
  if (state.status === "active" && soak && state.done.length > 0) {
    const last = state.done.at(-1);
    if (last) lines.push(`each step soaks ${soak}; step ${last.step.index} finished ${last.at}`);
  }
  return `${lines.join("\n")}\n`;
}
