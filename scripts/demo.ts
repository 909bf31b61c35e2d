// `npm run demo`: makes a small repository in a temp directory and runs relm's main job on it,
// `relm release`, through the real CLI, then `relm verify`. Works without a git identity configured.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const relm = join(dirname(fileURLToPath(import.meta.url)), "..", "packages", "cli", "bin", "relm.js");
const dir = mkdtempSync(join(tmpdir(), "relm-demo-"));

// The demo's people: dave and erin write the code; alice and dave sit on the Change Advisory Board.
const dave = { name: "Dave Developer", email: "dave@example.com" };
const erin = { name: "Erin Engineer", email: "erin@example.com" };
const env = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_CONFIG_GLOBAL: "/dev/null",
  GIT_TERMINAL_PROMPT: "0",
  GIT_COMMITTER_NAME: "Demo Bot",
  GIT_COMMITTER_EMAIL: "bot@example.com",
  NO_COLOR: "1",
};

let minute = 0;
function git(args: string[], author = dave): void {
  const date = new Date(Date.UTC(2026, 0, 5, 9, minute++)).toISOString();
  execFileSync("git", args, {
    cwd: dir,
    env: { ...env, GIT_AUTHOR_NAME: author.name, GIT_AUTHOR_EMAIL: author.email, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
    stdio: ["ignore", "ignore", "inherit"],
  });
}
function write(path: string, text: string): void {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), text);
}
function commit(message: string, files: Record<string, string>, author = dave): void {
  for (const [path, text] of Object.entries(files)) write(path, text);
  git(["add", "--", ...Object.keys(files)], author);
  git(["commit", "-q", "--no-verify", "--no-gpg-sign", "-m", message], author);
}

const policy = `# relm's configuration: the release policy, the CAB rule, versioning. See schema/relm.schema.json.
project: greeter
policy:
  branches: [main]          # releases are cut from main only
  environments:
    staging: {}
    production:
      after: [staging]        # a version reaches production only after it succeeded in staging
      rollout:
        strategy: canary
        steps: [10%, 50%, 100%]
        hook: [node, ops/route.js]      # moves the traffic: RELM_ROLLOUT_PERCENT of it to RELM_VERSION
        verify:
          - command: [node, ops/health.js]  # the error rate after each step
        onFailure: backout              # a failed step backs the release out
approval:
  quorum: 1                 # one CAB member must sign off...
  users: [alice, dave]      # ...alice or dave
  separationOfDuties: true  # no one signs off their own change
`;

git(["init", "-q", "-b", "main"]);
const route = "console.log(`  routing ${process.env.RELM_ROLLOUT_PERCENT}% of production traffic to greeter ${process.env.RELM_VERSION}`);\n";
// The demo's monitoring: 1.2.0 has a bug that shows once half the traffic reaches it.
const health = "const bad = process.env.RELM_VERSION === '1.2.0' && Number(process.env.RELM_ROLLOUT_PERCENT) >= 50;\nconsole.log(`  error rate ${bad ? '4.2%' : '0.1%'} (limit 1%)`);\nprocess.exit(bad ? 1 : 0);\n";
commit("chore: start the greeter", { ".relm.yml": policy, ".gitignore": ".relm/\ndist/\ncandidate*.json\n", "ops/route.js": route, "ops/health.js": health, "greet.js": "export const greet = (name) => `Hello, ${name}!`;\n" });
git(["tag", "-a", "v1.0.0", "-m", "1.0.0"]);
commit("feat(greet): greet in Spanish with --lang es", { "greet.js": "export const greet = (name, lang) => `${lang === 'es' ? 'Hola' : 'Hello'}, ${name}!`;\n" });
commit("fix(greet): trim spaces around the name", { "greet.js": "export const greet = (name, lang) => `${lang === 'es' ? 'Hola' : 'Hello'}, ${name.trim()}!`;\n" }, erin);
commit("docs: how to call greet", { "README.md": "# greeter\n\n`greet('Ada')`\n" }, erin);
write("dist/greeter.js", "// the build output the release ships\nexport const greet = (name, lang) => `${lang === 'es' ? 'Hola' : 'Hello'}, ${name.trim()}!`;\n");

function run(args: string[]): number {
  process.stdout.write(`\n$ relm ${args.join(" ")}\n\n`);
  const result = spawnSync(process.execPath, [relm, ...args], { cwd: dir, env, stdio: "inherit" });
  return result.status ?? 1;
}

process.stdout.write(
  [
    `A demo repository in ${dir}:`,
    "  v1.0.0, then a feature by dave and a fix and docs by erin (conventional commits);",
    "  .relm.yml: releases from main only, one sign-off from the CAB (alice, dave), separation of duties.",
    "relm plan --candidate writes the release candidate the CAB signs (its digest names commit, versions, notes, policy, artifacts);",
    "relm release runs gate -> plan -> approve -> tag -> publish: nothing is tagged before the sign-off of that candidate.",
    "Then 1.1.0 is deployed to staging and rolled out to production as a canary (10%, 50%, 100%); 1.2.0 fails its",
    "health check at 50%, is backed out (marked failed), reviewed, and the gate refuses to promote it again.",
    "",
  ].join("\n"),
);

const planned = run(["plan", "--candidate", "candidate.json", "--artifact", "dist/greeter.js"]);
const released = planned === 0 ? run(["release", "--candidate", "candidate.json", "--approve", "alice", "--artifact", "dist/greeter.js"]) : 1;
const verified = released === 0 ? run(["verify"]) : 1;

// After publish: 1.1.0 goes to staging, then to production as a canary.
const deployed = verified === 0 ? [run(["deploy", "--env", "staging", "--", "node", "-e", "console.log('  deploying greeter ' + process.env.RELM_VERSION + ' to staging')"]), run(["rollout", "start", "--env", "production", "--all"])].every((c) => c === 0) : false;

// Then a second change, 1.2.0: staging is fine, the canary fails its health check at 50% and is backed out.
commit("feat(greet): greet in French with --lang fr", { "greet.js": "export const greet = (name, lang) => `${lang === 'es' ? 'Hola' : lang === 'fr' ? 'Bonjour' : 'Hello'}, ${name.trim()}!`;\n" }, erin);
write("dist/greeter.js", "// the build output the release ships\nexport const greet = (name, lang) => `${lang === 'fr' ? 'Bonjour' : 'Hello'}, ${name.trim()}!`;\n");
const second =
  deployed &&
  run(["plan", "--candidate", "candidate-1.2.0.json", "--artifact", "dist/greeter.js"]) === 0 &&
  run(["release", "--candidate", "candidate-1.2.0.json", "--approve", "alice", "--artifact", "dist/greeter.js"]) === 0 &&
  run(["deploy", "--env", "staging", "--", "node", "-e", "console.log('  deploying greeter ' + process.env.RELM_VERSION + ' to staging')"]) === 0;
// Exit 1 is the point here: the canary's verification failed and relm backed 1.2.0 out.
const canaryFailed = second && run(["rollout", "start", "--env", "production", "--all"]) === 1;
write("review-1.2.0.md", "# Review of 1.2.0\n\nThe French greeting broke the greeting of names with spaces; the canary caught it at 50%.\n");
const reviewed = canaryFailed && run(["review", "1.2.0", "--outcome", "failed", "--notes", "review-1.2.0.md"]) === 0;
// The gate now refuses to promote the failed release again.
const refused = reviewed && run(["gate", "--env", "production", "--version", "1.2.0"]) === 1;
const lifecycle = refused && run(["rollout", "status", "--env", "production"]) === 0 && run(["verify"]) === 0 ? 0 : 1;
const reported = lifecycle === 0 ? run(["report", "--since", "7d", "--format", "html", "--out", ".relm/report.html"]) : 1;
const calendared = reported === 0 ? run(["calendar", "--out", ".relm/calendar.ics"]) : 1;
const done = released === 0 && verified === 0 && lifecycle === 0 && reported === 0 && calendared === 0;
process.stdout.write(
  [
    "",
    done ? "Done: released, deployed, rolled out, backed out, reviewed; every step recorded and verified." : "The demo did not finish; see the output above.",
    ...(done ? [`The KPI report is ${join(dir, ".relm", "report.html")} (open it in a browser); the release calendar is ${join(dir, ".relm", "calendar.ics")}.`] : []),
    `Look around: cd ${dir} && git show v1.1.0 && cat .relm/releases/v1.1.0.md && ls -R .relm/registry`,
    "Try a refusal: dave is on the CAB, but may not sign off a release with his own commit in it:",
    `  (cd ${dir} && git -c user.name=Dave -c user.email=dave@example.com commit -q --allow-empty -m "feat: more") && npm start -- release --cwd ${dir} --approve dave`,
    "",
  ].join("\n"),
);
process.exitCode = done ? 0 : 1;
