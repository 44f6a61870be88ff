import { describe, expect, it } from "vitest";
import { toVigilEvent } from "../index";
import { toOutcome } from "./outcome";
import { parseTimestamp } from "./time";

const base = { tenantId: "t", receivedAt: new Date("2026-01-01T00:00:00Z"), receiver: "ndjson" as const, raw: "{}" };
const norm = (original: Record<string, unknown>) => toVigilEvent({ ...base, original });

describe("normalization", () => {
  it.each([
    ["success", "success"], ["Succeeded", "success"], ["accepted", "success"], [true, "success"], ["true", "success"],
    ["failure", "failure"], ["FAILED", "failure"], ["denied", "failure"], [false, "failure"], ["false", "failure"],
    ["maybe", "unknown"],
  ])("maps outcome %s -> %s", (value, expected) => {
    expect(toOutcome(value)).toBe(expected);
  });

  it.each([
    [{ user: "a" }], [{ user: { name: "a" } }], [{ "user.name": "a" }], [{ username: "a" }],
    [{ TargetUserName: "a", SubjectUserName: "b" }], [{ SubjectUserName: "a", TargetUserName: "-" }],
  ])("finds user.name in %j", (original) => {
    expect(norm(original).user).toEqual({ name: "a" });
  });

  it.each([
    [{ src_ip: "10.1.2.3" }, "10.1.2.3"], [{ source: { ip: "::1" } }, "::1"], [{ IpAddress: "::ffff:10.0.0.1" }, "::ffff:10.0.0.1"],
    [{ client_ip: "[2001:db8::1]" }, "2001:db8::1"], [{ ip: "999.1.1.1", client_ip: "10.0.0.9" }, "10.0.0.9"],
  ])("validates source.ip in %j", (original, ip) => {
    expect(norm(original).source).toEqual({ ip });
  });

  it("drops invalid IPs", () => {
    expect(norm({ ip: "999.1.1.1" }).source).toBeUndefined();
    expect(norm({ src_ip: "-" }).source).toBeUndefined();
  });

  it("finds host, file, action and keeps the original", () => {
    const e = norm({ Computer: "DC01", ObjectName: "C:\\finance\\q3.xlsx", action: "read", nested: { x: 1 } });
    expect(e.host).toEqual({ name: "DC01" });
    expect(e.file).toEqual({ path: "C:\\finance\\q3.xlsx" });
    expect(e.event.action).toBe("read");
    expect(e.original).toEqual({ Computer: "DC01", ObjectName: "C:\\finance\\q3.xlsx", action: "read", nested: { x: 1 } });
  });

  it("reads timestamps in seconds, milliseconds and ISO", () => {
    expect(parseTimestamp(1700000000)?.toISOString()).toBe("2023-11-14T22:13:20.000Z");
    expect(parseTimestamp(1700000000123)?.toISOString()).toBe("2023-11-14T22:13:20.123Z");
    expect(parseTimestamp("1700000000123456")?.toISOString()).toBe("2023-11-14T22:13:20.123Z"); // journald microseconds
    expect(parseTimestamp("1700000000123456789")?.toISOString()).toBe("2023-11-14T22:13:20.123Z"); // nanoseconds
    expect(parseTimestamp("2023-11-14T22:13:20Z")?.toISOString()).toBe("2023-11-14T22:13:20.000Z");
    expect(parseTimestamp("yesterday")).toBeUndefined();
    expect(parseTimestamp(-5)).toBeUndefined();
    expect(parseTimestamp(1e300)).toBeUndefined();
    expect(norm({ "@timestamp": "garbage" })["@timestamp"]).toBe("2026-01-01T00:00:00.000Z");
  });
});
