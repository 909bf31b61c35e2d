import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["packages/*/test/**/*.test.ts", "actions/*/test/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    // A deploy test run inside a CI job must not mirror to that job's real forge (GITHUB_TOKEN,
    // CI_JOB_TOKEN); the mirror tests turn it back on, against the fake forges.
    // Nor may a plan ask that job's forge for its fixtures' authors' logins; the login tests turn it back on.
    env: { RELM_DEPLOY_MIRROR: "false", RELM_NOTES_LOGINS: "false" },
  },
});
