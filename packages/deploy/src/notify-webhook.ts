import { RelmError } from "@relm/core/errors";
import type { ReleaseRecord } from "@relm/core";

/** The JSON a webhook receives when a release is closed (docs/deploy.md documents it). */
export interface ClosedPayload {
  schema: "relm.release-closed/1";
  project: string;
  package?: string;
  version: string;
  tag: string;
  commit: string;
  environments: string[];
  closedAt: string;
  reason?: string;
  record: string;
  /** A line a chat tool can show as is (Slack, Mattermost and Teams read `text`). */
  text: string;
}

/**
 * POSTs the closure to a webhook. Its URL often carries a secret in its path (chat webhooks do), so
 * messages name only its origin.
 */
export async function notifyClosed(url: string, facts: { project: string; release: ReleaseRecord; environments: string[]; closedAt: string; record: string; reason?: string }, fetcher: typeof fetch = fetch): Promise<string> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new RelmError("RELM_WEBHOOK_URL", "usage", "the webhook is not a URL", { details: [{ where: "--webhook / RELM_NOTIFY_WEBHOOK", message: "expected https://..." }] });
  }
  const { release } = facts;
  const name = `${release.package ? `${release.package}@` : ""}${release.version}`;
  const payload: ClosedPayload = {
    schema: "relm.release-closed/1",
    project: facts.project,
    ...(release.package ? { package: release.package } : {}),
    version: release.version,
    tag: release.tag,
    commit: release.commit,
    environments: facts.environments,
    closedAt: facts.closedAt,
    ...(facts.reason ? { reason: facts.reason } : {}),
    record: facts.record,
    text: `${facts.project} ${name} shipped${facts.environments.length > 0 ? ` to ${facts.environments.join(", ")}` : ""} and is closed.`,
  };
  const shown = target.origin;
  let response: Response;
  try {
    response = await fetcher(target, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(payload) });
  } catch (error) {
    throw new RelmError("RELM_WEBHOOK_FAILED", "external", `the webhook at ${shown} could not be reached; the closure is recorded`, { details: [{ where: shown, message: (error as Error).message }] });
  }
  if (!response.ok) {
    throw new RelmError("RELM_WEBHOOK_FAILED", "external", `the webhook at ${shown} answered ${response.status}; the closure is recorded`, { details: [{ where: shown, message: `HTTP ${response.status}` }], hint: "Re-run relm close to notify again; the closure is not recorded twice." });
  }
  return `webhook ${shown} (${response.status})`;
}
