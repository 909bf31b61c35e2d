// The root action: the whole release (`step: release`) or one named step, with that step's inputs.
import { approveStep, backoutStep, deployStep, gateStep, input, planStep, prStep, publishStep, readSettings, releaseStep, reportStep, reviewStep, rolloutStep, runAction, tagStep } from "@relm/github";

const steps = { release: releaseStep, gate: gateStep, plan: planStep, pr: prStep, tag: tagStep, approve: approveStep, publish: publishStep, report: reportStep, deploy: deployStep, rollout: rolloutStep, backout: backoutStep, review: reviewStep };

await runAction(async (ctx) => {
  const { step } = readSettings({ step: input.oneOf(["release", "gate", "plan", "pr", "tag", "approve", "publish", "report", "deploy", "rollout", "backout", "review"], "release") }, ctx.env);
  await steps[step](ctx);
});
