import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { workspacePackages } from "@relm/git";

let root: string;
function write(files: Record<string, unknown>): void {
  root = mkdtempSync(join(tmpdir(), "relm-ws-"));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), typeof content === "string" ? content : JSON.stringify(content));
  }
}
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("workspacePackages", () => {
  it("expands the workspaces globs to named packages, sorted by path", async () => {
    write({
      "package.json": { name: "root", workspaces: ["packages/*", "tools/cli", "!packages/private"] },
      "packages/b/package.json": { name: "@acme/b" },
      "packages/a/package.json": { name: "@acme/a" },
      "packages/private/package.json": { name: "@acme/private" },
      "packages/no-name/package.json": { version: "1.0.0" },
      "packages/not-a-package/README.md": "x",
      "packages/a/node_modules/dep/package.json": { name: "dep" },
      "tools/cli/package.json": { name: "acme-cli" },
    });
    expect(await workspacePackages(root)).toEqual([
      { name: "@acme/a", path: "packages/a" },
      { name: "@acme/b", path: "packages/b" },
      { name: "acme-cli", path: "tools/cli" },
    ]);
  });

  it("reads the yarn object form", async () => {
    write({ "package.json": { workspaces: { packages: ["libs/**"] } }, "libs/x/y/package.json": { name: "y" } });
    expect(await workspacePackages(root)).toEqual([{ name: "y", path: "libs/x/y" }]);
  });

  it("reads a pnpm workspace from pnpm-workspace.yaml", async () => {
    write({
      "package.json": { name: "root", private: true },
      "pnpm-workspace.yaml": "packages:\n  - 'apps/*'\n  - '!apps/skip'\n",
      "apps/web/package.json": { name: "web" },
      "apps/skip/package.json": { name: "skip" },
    });
    expect(await workspacePackages(root)).toEqual([{ name: "web", path: "apps/web" }]);
  });

  it("reads an npm workspace with its lockfile and a bun one with bun.lock", async () => {
    write({ "package.json": { name: "r", workspaces: ["p/*"] }, "package-lock.json": "{}", "p/one/package.json": { name: "one" } });
    expect(await workspacePackages(root)).toEqual([{ name: "one", path: "p/one" }]);
    rmSync(root, { recursive: true, force: true });
    write({ "package.json": { name: "r", workspaces: ["p/*"] }, "bun.lock": "{}", "p/two/package.json": { name: "two" } });
    expect(await workspacePackages(root)).toEqual([{ name: "two", path: "p/two" }]);
  });

  it("has no packages without a manifest or without workspaces", async () => {
    write({ "README.md": "x" });
    expect(await workspacePackages(root)).toEqual([]);
    rmSync(root, { recursive: true, force: true });
    write({ "package.json": { name: "single" } });
    expect(await workspacePackages(root)).toEqual([]);
  });

  it("names a broken manifest", async () => {
    write({ "package.json": "{ not json" });
    await expect(workspacePackages(root)).rejects.toMatchObject({ code: "RELM_WORKSPACE_MANIFEST", kind: "config" });
  });
});
