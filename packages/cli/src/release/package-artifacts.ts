import { isAbsolute, relative, resolve, sep } from "node:path";

const inside = (dir: string, file: string): boolean => {
  const rel = relative(dir, file);
  return rel !== "" && rel !== ".." && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
};

/**
 * The --artifact files that go into one package's record. A monorepo release publishes one record
 * per package: a file under a package's directory is that package's build output, so it goes into
 * that record only (the deepest package wins when packages nest); a file under no package directory
 * (a combined bundle, an SBOM) goes into every record. A single-package release takes them all.
 */
export function artifactsOfPackage(options: { root: string; cwd: string; files: readonly string[]; packagePath: string | undefined; packagePaths: readonly string[] }): string[] {
  const { root, cwd, files, packagePath } = options;
  const isRoot = (p: string | undefined) => p === undefined || p === "" || p === ".";
  if (isRoot(packagePath)) return [...files];
  const own = resolve(root, packagePath ?? ".");
  const dirs = options.packagePaths.filter((p) => !isRoot(p)).map((p) => resolve(root, p));
  return files.filter((file) => {
    const path = resolve(cwd, file);
    const owner = dirs.filter((dir) => inside(dir, path)).sort((a, b) => b.length - a.length)[0];
    return owner === undefined || owner === own;
  });
}
