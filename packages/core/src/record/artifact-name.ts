import { RelmError } from "../errors.ts";

/**
 * An artifact's name inside a release: a relative POSIX path without `.`/`..` segments, drive letters,
 * backslashes or control characters, so that `relm fetch` can never write outside its --out directory.
 */
export function checkArtifactName(name: string, where = "artifact name"): string {
  const problem = nameProblem(name);
  if (problem) {
    throw new RelmError("RELM_ARTIFACT_NAME", "usage", `artifact name ${JSON.stringify(name)} is not allowed: ${problem}`, {
      details: [{ where, message: "expected a relative path inside the artifact directory, like dist/app.tgz" }],
    });
  }
  return name;
}

function nameProblem(name: string): string | undefined {
  if (name.length === 0) return "it is empty";
  if (name.length > 1024) return "it is longer than 1024 characters";
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return "it contains control characters";
  if (name.includes("\\")) return "it contains a backslash";
  if (name.startsWith("/") || /^[a-z]:/i.test(name)) return "it is an absolute path";
  const segments = name.split("/");
  if (segments.some((s) => s === "..")) return "it climbs out with ..";
  if (segments.some((s) => s === "" || s === ".")) return "it has an empty or . segment";
  return undefined;
}
