import { RelmError, type ApprovalEvidence, type ApprovalReader, type Clock, type MembershipReader } from "@relm/core";

// Logins as GitHub and GitLab spell them (letters, digits, `-`, `_`, `.`), not arbitrary text.
const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,98}[A-Za-z0-9_])?$/;

/** Checks each `--approve` value; a bad one is a usage error naming it. */
export function parseApproverFlags(values: readonly string[]): string[] {
  const bad = values.filter((v) => !LOGIN.test(v));
  if (bad.length > 0) {
    throw new RelmError("RELM_APPROVE_LOGIN", "usage", `--approve takes a login, got ${bad.map((b) => JSON.stringify(b)).join(", ")}`, {
      details: bad.map((b) => ({ where: "--approve", message: `${JSON.stringify(b)}: expected letters, digits, '.', '_' or '-', e.g. --approve alice` })),
    });
  }
  return [...values];
}

/**
 * Approvals given on the command line (`--approve <login>`, once per approver), judged by the policy
 * like any other evidence: the flag says who signs off, the CAB rule decides whether that counts.
 */
export function cliApprovals(logins: readonly string[], clock: Clock): ApprovalReader {
  return {
    async approvals() {
      const at = clock.now().toISOString();
      return logins.map((user): ApprovalEvidence => ({ user, decision: "approved", at, source: "cli" }));
    },
  };
}

/**
 * Groups on a machine with no forge: the ones the configuration spells out (group -> logins). A group
 * not defined there has no members, and the approval use case reports its approvers as non-members.
 */
export function localMembers(groups: Readonly<Record<string, readonly string[]>> = {}, onUnknownGroup?: (group: string) => void): MembershipReader {
  const told = new Set<string>();
  return {
    async isMember(user, group) {
      const members = Object.entries(groups).find(([name]) => name.toLowerCase() === group.toLowerCase())?.[1];
      if (members === undefined && onUnknownGroup && !told.has(group.toLowerCase())) {
        told.add(group.toLowerCase());
        onUnknownGroup(group);
      }
      return (members ?? []).some((m) => m.toLowerCase() === user.toLowerCase());
    },
  };
}
