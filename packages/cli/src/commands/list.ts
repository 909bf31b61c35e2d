import type { Command } from "commander";
import { verifyChain } from "@relm/core/record/verify-chain";
import { openProjectRegistry, withRegistryOption } from "./registry-run.ts";

export function registerList(program: Command): void {
  withRegistryOption(program.command("list"))
    .description("List the releases in the registry, oldest first.")
    .action(async (_opts: unknown, command: Command) => {
      const { registry, globals } = await openProjectRegistry(command);
      const chain = verifyChain(await registry.records(), await registry.head());
      if (globals.json) {
        process.stdout.write(`${JSON.stringify({ releases: chain.records.map((r) => ({ ...r.record, digest: r.digest })), problems: chain.problems }, null, 2)}\n`);
        return;
      }
      if (chain.records.length === 0) process.stdout.write(`no releases in ${registry.location}\n`);
      for (const { record: r } of chain.records) {
        const gate = r.gate ? (r.gate.allowed ? "gate ok" : "gate refused") : "gate -";
        const approval = r.approval ? (r.approval.valid ? "approved" : "not approved") : "approval -";
        process.stdout.write(`${String(r.chain.sequence).padStart(4)}  ${r.package ? `${r.package}@` : ""}${r.version}  ${r.tag}  ${r.commit.slice(0, 12)}  ${r.times.published}  ${r.environment ?? "-"}  ${gate}, ${approval}  ${r.artifacts.length} artifact(s)\n`);
      }
      if (chain.problems.length > 0) process.stderr.write(`warning: ${chain.problems.length} chain problem(s); run \`relm verify\`\n`);
    });
}
