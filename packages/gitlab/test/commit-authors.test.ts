import { afterEach, expect, it } from "vitest";
import type { RelmError } from "@relm/core";
import { harness, SHA_A, type Harness } from "./support.ts";

let h: Harness;
afterEach(async () => {
  expect(h.fake.violations).toEqual([]);
  await h.fake.close();
});

it("names the one user whose public e-mail the commit carries; none for a private or unknown e-mail", async () => {
  h = await harness();
  h.fake.state.users.set("ada.l", 7);
  h.fake.state.users.set("bob", 8);
  h.fake.state.publicEmails.set("ada.l", "ada@example.com");
  const authors = h.forge.authors!;
  expect(await authors.loginOf(SHA_A, "Ada@Example.com")).toBe("ada.l");
  expect(await authors.loginOf(SHA_A, "bob@example.com")).toBeUndefined();
  expect(h.fake.requests.filter((r) => r.route === "list-users").map((r) => r.args.search)).toEqual(["Ada@Example.com", "bob@example.com"]);
});

it("is not offered on a job token (it may not search users), and a failed search throws for the caller", async () => {
  h = await harness({ auth: { kind: "job-token", value: "job" } });
  expect(h.forge.authors).toBeUndefined();
  await h.fake.close();
  h = await harness({}, { attempts: 1 });
  h.fake.fault({ route: "list-users", status: 403, body: { message: "403 Forbidden" } });
  const error = (await h.forge.authors!.loginOf(SHA_A, "ada@example.com").catch((e: unknown) => e)) as RelmError;
  expect(error.code).toBe("RELM_GITLAB_REQUEST");
});
