import { z } from "zod";
import { RelmError, type ApprovalEvidence, type ApprovalReader, type MembershipReader } from "@relm/core";
import type { GitHubClient } from "./client.ts";
import { call, find } from "./call.ts";
import { environmentApprovalSchema, teamMembershipSchema } from "./schemas.ts";

/**
 * The reviews of the current workflow run's deployment protection (required reviewers). GitHub
 * stores no time for them; the job can only start after the approval, so the time relm reads them
 * (`now`) is when they took effect, to within the job's start-up.
 */
export function githubEnvironmentApprovals(client: GitHubClient, now: () => Date = () => new Date()): ApprovalReader {
  const { octokit, owner, repo } = client;
  return {
    async approvals({ environment, runId }) {
      if (!runId || !/^\d+$/.test(runId)) {
        throw new RelmError("RELM_GITHUB_RUN_ID", "usage", "environment approvals need the id of the current workflow run", {
          details: [{ where: "run-id", message: `expected a number (GITHUB_RUN_ID), got ${JSON.stringify(runId ?? "")}` }],
        });
      }
      const reviews = await call("GET /repos/{owner}/{repo}/actions/runs/{run_id}/approvals", z.array(environmentApprovalSchema), () =>
        octokit.rest.actions.getReviewsForRun({ owner, repo, run_id: Number(runId) }),
      );
      const at = now().toISOString();
      const runUrl = `${client.serverUrl}/${owner}/${repo}/actions/runs/${runId}`;
      return reviews
        .filter((r) => r.state !== "pending" && r.environments.some((e) => e.name === environment))
        .map((r): ApprovalEvidence => ({
          user: r.user.login,
          decision: r.state === "approved" ? "approved" : "rejected",
          at,
          ...(r.comment ? { comment: r.comment } : {}),
          source: "environment",
          url: runUrl,
        }));
    },
  };
}

/** Team membership through the teams API; `group` is `org/team-slug`. Answers are cached per run. */
export function githubMembers(client: GitHubClient): MembershipReader {
  const { octokit } = client;
  const cache = new Map<string, Promise<boolean>>();
  async function ask(user: string, group: string): Promise<boolean> {
    const match = /^([\w.-]+)\/([\w.-]+)$/.exec(group);
    if (!match?.[1] || !match[2]) {
      throw new RelmError("RELM_GITHUB_TEAM", "config", `not a GitHub team: ${JSON.stringify(group)}`, {
        details: [{ where: "approval.groups", message: "expected org/team-slug, e.g. octo-org/release-managers" }],
      });
    }
    const [, org, teamSlug] = match;
    const membership = await find("GET /orgs/{org}/teams/{team_slug}/memberships/{username}", teamMembershipSchema, () =>
      octokit.rest.teams.getMembershipForUserInOrg({ org, team_slug: teamSlug, username: user }),
    );
    return membership?.state === "active";
  }
  return {
    isMember(user, group) {
      const key = `${group.toLowerCase()}\n${user.toLowerCase()}`;
      let answer = cache.get(key);
      if (!answer) {
        answer = ask(user, group);
        cache.set(key, answer);
      }
      return answer;
    },
  };
}
