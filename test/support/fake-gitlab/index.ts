export { startFakeGitlab, type FakeGitlab, type FakeGitlabOptions, type Fault, type LoggedRequest } from "./server.ts";
export { routes, matchRoute, type RouteSpec } from "./routes.ts";
export type { FakeGitlabState, FakeDeployment, FakeRelease } from "./state.ts";
