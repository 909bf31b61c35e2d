import type { Command } from "commander";
import { RelmError } from "@relm/core/errors";
import { verifyReleases } from "@relm/core/usecases/verify-releases";
import { openProjectRegistry, withRegistryOption } from "./registry-run.ts";
import { transferProgress } from "../progress/index.ts";

export function registerVerify(program: Command): void {
  withRegistryOption(program.command("verify"))
    .description("Re-hash the artifacts of a version (or of all) and check the records' hash chain; exit 1 naming what is wrong.")
    .argument("[version]", "the version to re-hash (default: every version)")
    .option("--package <name>", "only this package's records (monorepos)")
    .action(async (version: string | undefined, _opts: unknown, command: Command) => {
      const { registry, globals } = await openProjectRegistry(command);
      const pkg = command.opts<{ package?: string }>().package;
      // Re-hashing large artifacts takes a while: a bar on a terminal, a line now and then in CI, nothing with --json.
      const progress = transferProgress("verifying", { sink: process.stderr, quiet: globals.json || globals.quiet });
      const result = await verifyReleases({ ...(version === undefined ? {} : { version }), ...(pkg === undefined ? {} : { package: pkg }) }, { registry, track: (a, stream) => progress.track(a.name, a.size, stream) });
      if (globals.json) process.stdout.write(`${JSON.stringify({ ok: result.ok, records: result.checked.map((r) => ({ version: r.record.version, digest: r.digest, ...(r.record.approval?.assurance ? { signOff: r.record.approval.assurance } : {}) })), events: result.events.map((e) => ({ event: e.event.event, subject: e.event.subject, at: e.event.at, detail: e.event.detail, digest: e.digest })), locallyAsserted: result.locallyAsserted, provenance: result.provenance, artifacts: result.artifacts, problems: result.problems }, null, 2)}\n`);
      if (!result.ok) {
        throw new RelmError("RELM_VERIFY_FAILED", "integrity", `${registry.location} fails verification: ${result.problems.length} problem(s)`, {
          details: result.problems.map((p) => ({ where: p.where, message: `${p.code}: ${p.message}` })),
          hint: "Restore the named records or artifacts from a backup; a published release is never rewritten.",
        });
      }
      if (globals.json) return;
      const events = result.events.length > 0 ? `, ${result.events.length} event(s)` : "";
      process.stdout.write(`ok: ${result.checked.length} record(s)${events} and ${result.artifacts} artifact(s) verified in ${registry.location}; the chain is intact\n`);
      const { verified, missing } = result.provenance;
      if (verified.length > 0) process.stdout.write(`provenance: the statements of ${verified.join(", ")} match their records\n`);
      if (missing.length > 0) process.stdout.write(`no provenance: ${missing.join(", ")} (published without a statement)\n`);
      if (result.locallyAsserted.length > 0) process.stdout.write(`note: the sign-off of ${result.locallyAsserted.join(", ")} was asserted locally (on the command line), not verified on a forge\n`);
    });
}
