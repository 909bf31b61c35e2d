import { createGitFixture, type GitFixture } from "./git-fixture.ts";
import { json } from "./prepare-run.ts";

/** The app's manifest before the release: it depends on core by a caret range and on ui by workspace:*. */
export const appManifest = { name: "@shop/app", version: "3.2.0", dependencies: { "@shop/core": "^1.4.0", "@shop/ui": "workspace:*" } };

/**
 * A pnpm workspace (pnpm-workspace.yaml, no `workspaces` in package.json) of three released packages,
 * app depending on core and ui, then a feat in core and a fix in ui: the next release is
 * @shop/app@3.2.1 (its dependency moved), @shop/core@1.5.0 and @shop/ui@0.9.1. alice is the CAB.
 */
export function pnpmWorkspaceFixture(): GitFixture {
  const repo = createGitFixture();
  repo.commit("chore: workspace", {
    files: {
      "package.json": json({ name: "shop", private: true }),
      "pnpm-workspace.yaml": "packages:\n  - 'packages/*'\n  - 'apps/*'\n",
      "packages/core/package.json": json({ name: "@shop/core", version: "1.4.0" }),
      "packages/ui/package.json": json({ name: "@shop/ui", version: "0.9.0" }),
      "apps/app/package.json": json(appManifest),
      ".relm.yml": "approval:\n  users: [alice]\n",
      ".gitignore": ".relm/\n",
    },
  });
  for (const tag of ["@shop/core@1.4.0", "@shop/ui@0.9.0", "@shop/app@3.2.0"]) repo.tag(tag, { message: tag });
  repo.commit("feat(core): price rounding", { files: { "packages/core/round.js": "1" } });
  repo.commit("fix(ui): button focus", { files: { "packages/ui/button.js": "1" } });
  return repo;
}
