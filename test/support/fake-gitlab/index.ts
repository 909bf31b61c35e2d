export { startFakeGitlab, type FakeGitlab, type FakeGitlabOptions, type Fault, type LoggedRequest } from "./server.ts";
export { routes, matchRoute, type RouteSpec } from "./routes.ts";
export type { FakeGitlabState, FakeDeployment, FakeRelease, FakeCommit, FakeMergeRequest } from "./state.ts";
export { seedCommit } from "./repository-handlers.ts";
