// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";

// core is the domain: the arrows point inwards only (see DESIGN.md), so it may not reach for I/O.
const ioModules = [
  "node:child_process", "child_process", "node:fs", "fs", "node:fs/promises", "fs/promises",
  "node:net", "net", "node:http", "http", "node:https", "https", "node:dns", "dns",
  "node:process", "process",
];

export default tseslint.config(
  { ignores: ["**/dist/**", "**/node_modules/**", "coverage/**", ".relm/**", "**/*.generated.*"] },
  js.configs.recommended,
  { languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly", Buffer: "readonly", setTimeout: "readonly", clearTimeout: "readonly" } } },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["packages/core/src/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", {
        paths: ioModules.map((name) => ({ name, message: "packages/core is pure: I/O belongs in an adapter package." })),
        patterns: [
          { group: ["@actions/*", "@octokit/*", "@gitbeaker/*", "undici", "node-fetch"], message: "packages/core may not import an I/O library." },
          { group: ["@relm/*", "!@relm/core"], message: "packages/core may not import an adapter package." },
        ],
      }],
      "no-restricted-globals": ["error",
        { name: "fetch", message: "packages/core does no I/O: take a port instead." },
        { name: "process", message: "packages/core reads no env or argv: take it as an argument." },
      ],
    },
  },
);
