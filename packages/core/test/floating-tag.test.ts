import { describe, expect, it } from "vitest";
import { floatingTagMove } from "../src/index.ts";

describe("the floating major tag", () => {
  const tags = ["v1.2.3", "v1.3.0", "v2.0.0", "v1.4.0-rc.1", "pkg@1.9.0", "not-a-version"];

  it("moves to the highest 1.x.y release", () => {
    expect(floatingTagMove({ tag: "v1.3.1", version: "1.3.1" }, tags)).toBe("v1");
    expect(floatingTagMove({ tag: "v2.1.0", version: "2.1.0" }, tags)).toBe("v2");
  });

  it("stays when a backport is cut after a newer minor", () => {
    expect(floatingTagMove({ tag: "v1.2.4", version: "1.2.4" }, tags)).toBeUndefined();
  });

  it("ignores prereleases, other prefixes and tags that are not versions", () => {
    expect(floatingTagMove({ tag: "v1.3.0", version: "1.3.0" }, tags)).toBe("v1");
    expect(floatingTagMove({ tag: "pkg@1.8.0", version: "1.8.0" }, tags)).toBeUndefined();
    expect(floatingTagMove({ tag: "v1.5.0-rc.1", version: "1.5.0-rc.1" }, tags)).toBeUndefined();
    expect(floatingTagMove({ tag: "v0.9.0", version: "0.9.0" }, tags)).toBeUndefined();
  });
});
