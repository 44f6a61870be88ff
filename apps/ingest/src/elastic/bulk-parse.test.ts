import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseBulk } from "./bulk-parse";
import { esToken } from "./credentials";

const ctx = { tenantId: "00000000-0000-0000-0000-000000000001", receivedAt: new Date("2026-11-27T10:00:00Z"), maxItems: 10 };
const lines = (...l: unknown[]) => l.map((x) => (typeof x === "string" ? x : JSON.stringify(x))).join("\n");

describe("parseBulk", () => {
  it("pairs actions with documents, reads _index/_id, skips blank lines", () => {
    const parsed = parseBulk(lines({ create: { _index: "a", _id: 7 } }, { message: "one" }, "", { index: {} }, { message: "two" }, { delete: { _index: "a", _id: "1" } }), { ...ctx, defaultIndex: "d" });
    expect(parsed.ok && parsed.items.map((i) => [i.action, i.index, i.id, i.line, i.error?.type])).toEqual([
      ["create", "a", "7", 1, undefined],
      ["index", "d", undefined, 4, undefined],
      ["delete", "a", "1", 6, "illegal_argument_exception"],
    ]);
  });

  it("derives the event id from a client _id, so the same _id is the same event", () => {
    const one = parseBulk(lines({ create: { _index: "a", _id: "x" } }, { message: "v1" }), ctx);
    const two = parseBulk(lines({ create: { _index: "a", _id: "x" } }, { message: "v2" }), ctx);
    expect(one.ok && two.ok && one.items[0]?.event?.id === two.items[0]?.event?.id).toBe(true);
  });

  it("reports a missing index and a non-object document per item", () => {
    const parsed = parseBulk(lines({ create: {} }, { message: "x" }, { create: { _index: "a" } }, "[1,2]"), ctx);
    expect(parsed.ok && parsed.items.map((i) => i.error?.type)).toEqual(["action_request_validation_exception", "document_parsing_exception"]);
  });

  it("fails the request on broken action lines and a missing document; refuses too many items", () => {
    expect(parseBulk("nope\n", ctx)).toMatchObject({ ok: false, reason: expect.stringMatching(/line \[1\]/) });
    expect(parseBulk(lines({ create: {} }), ctx)).toMatchObject({ ok: false, reason: expect.stringMatching(/no document/) });
    const many = lines(...Array.from({ length: 11 }, () => [{ index: { _index: "a" } }, { m: 1 }]).flat());
    expect(parseBulk(many, ctx)).toEqual({ ok: false, reason: "too many items", tooMany: 11 });
  });

  it("never throws on random bytes or deeply nested documents", () => {
    for (let i = 0; i < 200; i++) expect(() => parseBulk(randomBytes(300).toString("latin1"), ctx)).not.toThrow();
    const deep = lines({ create: { _index: "a" } }, `{"a":${"[".repeat(10_000)}${"]".repeat(10_000)}}`);
    const parsed = parseBulk(deep, ctx);
    expect(parsed.ok && parsed.items[0]?.error?.type).toBe("document_parsing_exception");
  });
});

describe("esToken", () => {
  const token = "vgl_abcdefghijklmnopqrstuvwxyz0123456789";
  const b64 = (s: string) => Buffer.from(s).toString("base64");
  it("reads ApiKey (raw, base64 key, base64 id:key), Basic password and Bearer", () => {
    expect(esToken(`ApiKey ${token}`)).toBe(token);
    expect(esToken(`ApiKey ${b64(`id:${token}`)}`)).toBe(token);
    expect(esToken(`ApiKey ${b64(token)}`)).toBe(token);
    expect(esToken(`Basic ${b64(`elastic:${token}`)}`)).toBe(token);
    expect(esToken(`Bearer ${token}`)).toBe(token);
  });
  it("tells a missing header from an unusable one", () => {
    expect(esToken(undefined)).toBeUndefined();
    expect(esToken("Digest x")).toBe("");
    expect(esToken(`Basic ${b64("no-colon")}`)).toBe("");
  });
});
