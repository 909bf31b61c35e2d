import type { ApprovalEvidence, ApprovalReader } from "@relm/core";
import type { z } from "zod";
import type { deploymentSchema, jobSchema } from "./schemas.ts";

type ReadAgain = NonNullable<ApprovalReader["readAgain"]>;
type Deployment = z.infer<typeof deploymentSchema>;
type Job = z.infer<typeof jobSchema>;

export interface GitlabSources {
  deployment(id: number): Promise<Deployment>;
  job(id: number): Promise<Job>;
  /** The issue's /approve notes for the candidate, as the approve job read them. */
  notes(candidate: string | undefined): Promise<ApprovalEvidence[]>;
}

const same = (a: ApprovalEvidence, b: ApprovalEvidence) => a.user === b.user && a.decision === b.decision && a.at === b.at;

/**
 * GitLab's word on the sign-off an approve job handed over: each deployment approval and manual-job
 * player read again by id, the notes read again in full. The candidate a piece names stays
 * the one the approve job stamped, since GitLab does not hold it; the commit it was given at is
 * checked instead, so a sign-off of another pipeline's deployment or job never carries over.
 */
export function gitlabReadAgain(sources: GitlabSources): ReadAgain {
  return async (given, { environment, commit, candidate }) => {
    const evidence: ApprovalEvidence[] = [];
    const left: { id: string; reason: string }[] = [];
    const deployments = new Map<number, Promise<Deployment>>();
    let notes: Promise<ApprovalEvidence[]> | undefined;
    for (const piece of given) {
      const id = piece.id ?? `${piece.source}:${piece.user}`;
      const deployment = /^deployment:(\d+)\/(.+)$/.exec(piece.id ?? "");
      const job = /^job:(\d+)$/.exec(piece.id ?? "");
      if (deployment) {
        const number = Number(deployment[1]);
        const read = deployments.get(number) ?? sources.deployment(number);
        deployments.set(number, read);
        const d = await read;
        const a = d.approvals?.find((x) => x.user.username === deployment[2]);
        const fresh: ApprovalEvidence | undefined = a && { user: a.user.username, decision: a.status, at: a.created_at, ...(a.comment ? { comment: a.comment } : {}), source: "deployment", id: piece.id ?? id };
        if (d.sha !== commit) left.push({ id, reason: `deployment ${number} is of commit ${d.sha.slice(0, 12)}, not of ${commit.slice(0, 12)}` });
        else if (d.environment.name !== environment) left.push({ id, reason: `deployment ${number} is to ${d.environment.name}, not to ${environment}` });
        else if (!fresh || !same(fresh, piece)) left.push({ id, reason: `GitLab does not show this ${piece.decision} by ${piece.user} on deployment ${number}` });
        else evidence.push({ ...fresh, ...(piece.url ? { url: piece.url } : {}), ...(piece.candidate ? { candidate: piece.candidate } : {}) });
      } else if (job) {
        const j = await sources.job(Number(job[1]));
        if (j.commit && j.commit.id !== commit) left.push({ id, reason: `job ${j.id} ran at commit ${j.commit.id.slice(0, 12)}, not at ${commit.slice(0, 12)}` });
        // running: read again while the approve job itself still runs (`relm release` in one job).
        else if (j.user?.username !== piece.user || !["success", "running"].includes(j.status)) left.push({ id, reason: `GitLab says job ${j.id} was played by ${j.user?.username ?? "nobody"} and is ${j.status}` });
        else evidence.push({ ...piece, at: j.started_at ?? j.finished_at ?? piece.at });
      } else if (piece.id?.startsWith("note:")) {
        notes ??= sources.notes(candidate);
        const fresh = (await notes).find((n) => n.id === piece.id);
        if (!fresh || !same(fresh, piece)) left.push({ id, reason: `the issue does not show this ${piece.decision} by ${piece.user} after the candidate's announcement` });
        else evidence.push(fresh);
      } else {
        left.push({ id, reason: "names no GitLab id to read it again by (an approve job of an older relm, or a hand-made file)" });
      }
    }
    return { evidence, left };
  };
}
