export { startFakeGitHub, secondaryRateLimit, type FakeGitHub, type Fault, type LoggedRequest } from "./server.ts";
export type { FakeState, EnvironmentApproval, TagObject } from "./state.ts";
export type { CheckRun, Deployment, Issue, Release, Status } from "./objects.ts";
