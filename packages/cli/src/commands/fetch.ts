import { createWriteStream } from "node:fs";
import { mkdir, realpath, rename, rm } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import { pipeline } from "node:stream/promises";
import type { Command } from "commander";
import { RelmError } from "@relm/core/errors";
import { checkArtifactName } from "@relm/core/record/artifact-name";
import { recordKey } from "@relm/core/record/release-record-schema";
import { verifyChain } from "@relm/core/record/verify-chain";
import { measure } from "@relm/registry/hashing";
import { openProjectRegistry, withRegistryOption } from "./registry-run.ts";
import { humanBytes, transferProgress } from "../progress/index.ts";

export function registerFetch(program: Command): void {
  withRegistryOption(program.command("fetch"))
    .description("Download a published version's artifacts, checking each one's sha256 on the way.")
    .argument("<version>", "the version to fetch")
    .requiredOption("--out <dir>", "directory to write the artifacts into")
    .option("--package <name>", "the package (monorepos)")
    .action(async (version: string, _opts: unknown, command: Command) => {
      const o = command.opts<{ out: string; package?: string }>();
      const { registry, globals } = await openProjectRegistry(command);
      const chain = verifyChain(await registry.records(), await registry.head());
      const found = chain.records.find((r) => r.record.version === version && (o.package === undefined || r.record.package === o.package));
      if (!found) throw new RelmError("RELM_VERSION_NOT_FOUND", "not-found", `version ${version} is not in ${registry.location}`, { details: [{ where: version, message: `${chain.records.length} release(s) recorded` }], hint: "Run `relm list`." });
      const out = resolve(globals.cwd, o.out);
      await mkdir(out, { recursive: true });
      const root = await realpath(out);
      const progress = transferProgress("downloading", { sink: process.stderr, quiet: globals.json || globals.quiet });
      for (const a of found.record.artifacts) {
        // Names were checked at publish time; check again, since the record comes from storage.
        const target = join(root, checkArtifactName(a.name, found.where));
        if (relative(root, target).startsWith(`..${sep}`)) throw new RelmError("RELM_ARTIFACT_NAME", "integrity", `${a.name} leads outside --out`, { details: [{ where: found.where, message: a.name }] });
        await mkdir(dirname(target), { recursive: true });
        const partial = `${target}.relm-partial`;
        const measured = measure(progress.track(a.name, a.size, await registry.openArtifact(recordKey(found.record), a)));
        await pipeline(measured.stream, createWriteStream(partial));
        const got = measured.result();
        if (got.sha256 !== a.sha256 || got.size !== a.size) {
          await rm(partial, { force: true });
          throw new RelmError("RELM_ARTIFACT_ALTERED", "integrity", `${a.name} from ${registry.location} does not match its record`, { details: [{ where: `${version}/${a.name}`, message: `got sha256 ${got.sha256} (${got.size} bytes), recorded ${a.sha256} (${a.size} bytes)` }] });
        }
        await rename(partial, target);
        // Names come from stored records: never at the start of a line, where a runner reads `::` commands.
        if (!globals.json) process.stdout.write(`fetched ${a.name}  ${humanBytes(a.size)}  sha256:${a.sha256}  ok\n`);
      }
      if (globals.json) process.stdout.write(`${JSON.stringify({ version, out, artifacts: found.record.artifacts }, null, 2)}\n`);
    });
}
