// The host side of deployments and rollouts: what core's deploy and rollout use cases call through their ports.
export { hookRunner, runHook } from "./run-hook.ts";
export { stepVerifier } from "./step-verifier.ts";
export { notifyClosed, type ClosedPayload } from "./notify-webhook.ts";
export { deploymentIdOf } from "./deployment-id.ts";
export { timerWaiter } from "./timer-waiter.ts";
