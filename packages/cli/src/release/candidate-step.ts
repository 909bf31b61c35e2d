import { readFile, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { releaseCandidate, releaseCandidateSchema, RelmError, type GateStepResult, type PlanStepResult, type SignedCandidate } from "@relm/core";
import { artifactsFromFiles, digestOf } from "@relm/registry";
import type { CommandContext } from "./context.ts";
import { projectOf } from "./project-of.ts";
import { z } from "zod";

/** The artifacts built before the sign-off, hashed: they become part of what the CAB signs. */
export async function candidateArtifacts(dir: string, files: readonly string[]): Promise<{ name: string; sha256: string; size: number }[]> {
  const out: { name: string; sha256: string; size: number }[] = [];
  for (const upload of await artifactsFromFiles(dir, files)) out.push({ name: upload.name, ...(await digestOf(upload.open())) });
  return out;
}

/** The release candidate of this checkout's plan, as every step computes it. */
export async function candidateOf(ctx: Pick<CommandContext, "git" | "globals" | "loaded" | "root">, plan: PlanStepResult, gate: Pick<GateStepResult, "decision">, artifacts: readonly string[] = [], dir: string = ctx.globals.cwd): Promise<SignedCandidate> {
  return releaseCandidate(
    { project: projectOf(ctx), plan, gate, ...(artifacts.length > 0 ? { artifacts: await candidateArtifacts(dir, artifacts) } : {}) },
    { git: ctx.git },
  );
}

const signedFile = z.union([
  z.strictObject({ digest: z.string().regex(/^sha256:[0-9a-f]{64}$/), candidate: releaseCandidateSchema, createdAt: z.string().optional() }),
  z.strictObject({ digest: z.string().regex(/^sha256:[0-9a-f]{64}$/) }),
]);

/**
 * The candidate the CAB was asked to sign: a file `relm plan --candidate` wrote, or a bare digest
 * (`sha256:…`) as a job output carries it.
 */
export async function readSignedCandidate(given: string, cwd: string): Promise<SignedCandidate | { digest: string }> {
  if (/^sha256:[0-9a-f]{64}$/.test(given)) return { digest: given };
  const path = resolve(cwd, given);
  const text = await readFile(path, "utf8").catch((error: unknown) => {
    throw new RelmError("RELM_CANDIDATE_INVALID", "usage", `--candidate ${given} cannot be read`, { cause: error, details: [{ where: "--candidate", message: (error as Error).message }] });
  });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new RelmError("RELM_CANDIDATE_INVALID", "usage", `--candidate ${given} is not JSON`, { cause: error, details: [{ where: given, message: (error as Error).message }] });
  }
  const parsed = signedFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new RelmError("RELM_CANDIDATE_INVALID", "usage", `--candidate ${given} is not a release candidate`, {
      details: [{ where: `${given} ${issue?.path.join(".") || "(top)"}`, message: issue?.message ?? "invalid" }],
      hint: "Give the file `relm plan --candidate FILE` wrote, or the candidate's digest (sha256:…).",
    });
  }
  return parsed.data;
}

export async function writeCandidateFile(path: string, signed: SignedCandidate, createdAt: string): Promise<void> {
  await writeFile(path, `${JSON.stringify({ digest: signed.digest, candidate: signed.candidate, createdAt }, null, 2)}\n`);
}
