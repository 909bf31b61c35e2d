// The bundled CLI (packages/cli/dist, built by `npm run build:cli` and on `npm ci`) is used only
// while it is what the sources would run: every file it was built from is older than the build.
// An edit, a checkout or an install makes it stale, and relm runs the sources instead.

// Not `import ... from "node:fs"`: the ES module face of fs loads its streams and promises up
// front (~4 ms of every start); the bundle never needs the former.
const { readFileSync, statSync } = process.getBuiltinModule("node:fs");
const { fileURLToPath } = process.getBuiltinModule("node:url");

const builtDist = new URL("../dist/", import.meta.url);
const repositoryRoot = fileURLToPath(new URL("../../../", import.meta.url));

/** The bundle's entry URL, or undefined when there is no bundle or a file it was built from changed. */
export function freshBundle(dist = builtDist, root = repositoryRoot) {
  let sources;
  try {
    sources = JSON.parse(readFileSync(new URL("sources.json", dist), "utf8"));
  } catch {
    return undefined;
  }
  if (typeof sources?.builtAt !== "number" || !Array.isArray(sources.files)) return undefined;
  for (const file of sources.files) {
    const info = statSync(root + file, { throwIfNoEntry: false });
    if (info === undefined || info.mtimeMs > sources.builtAt) return undefined;
  }
  return new URL("index.js", dist).href;
}

/** The bundle's entry URL when the sources are not there (the installed `relm` package), else undefined. */
export function shippedBundle(dist = builtDist) {
  if (statSync(new URL("../src/main.ts", dist), { throwIfNoEntry: false }) !== undefined) return undefined;
  return new URL("index.js", dist).href;
}
