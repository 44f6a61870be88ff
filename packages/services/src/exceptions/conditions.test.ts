import type { Entities } from "@vigil/detection";
import { describe, expect, it } from "vitest";
import { compileConditions, conditionSchema, fieldValues, groupKeyFields, readConditions, scalarStrings } from "./conditions";
import { proposalFor } from "./propose-exception";

const entities = (e: Partial<Entities>): Entities => ({ user: [], host: [], ip: [], file: [], ...e });
const eventMatch = { groupKey: "user.name=svc-backup|source.ip=10.0.0.5|host.name=db-01", entities: entities({ user: ["svc-backup"], ip: ["10.0.0.5"], host: ["db-01"] }) };
const correlation = { groupKey: "User=alice", entities: entities({ user: ["alice", "mallory"], ip: ["203.0.113.7"] }) };

describe("exception conditions", () => {
  it("reads group-key fields, skipping the event-id fallback", () => {
    expect(groupKeyFields("user.name=a|source.ip=1.2.3.4")).toEqual([["user.name", "a"], ["source.ip", "1.2.3.4"]]);
    expect(groupKeyFields("event=abc")).toEqual([]);
    expect(groupKeyFields("Url=http://x/?a=b")).toEqual([["Url", "http://x/?a=b"]]);
  });

  it("resolves a field from the group key first, then the entities, case-insensitively", () => {
    expect(fieldValues(correlation, "user")).toEqual(["alice"]);
    expect(fieldValues(correlation, "user.name")).toEqual(["alice", "mallory"]);
    expect(fieldValues(correlation, "SOURCE.IP")).toEqual(["203.0.113.7"]);
    expect(fieldValues(correlation, "process.name")).toEqual([]);
  });

  it("equals and contains ignore case; every condition must hold", () => {
    expect(compileConditions([{ field: "user.name", op: "equals", value: "SVC-Backup" }])(eventMatch)).toBe(true);
    expect(compileConditions([{ field: "user.name", op: "contains", value: "backup" }, { field: "source.ip", op: "equals", value: "10.0.0.5" }])(eventMatch)).toBe(true);
    expect(compileConditions([{ field: "user.name", op: "equals", value: "svc-backup" }, { field: "source.ip", op: "equals", value: "10.0.0.6" }])(eventMatch)).toBe(false);
    expect(compileConditions([{ field: "process.name", op: "equals", value: "x" }])(eventMatch)).toBe(false);
  });

  it("cidr matches IPv4 and IPv6 blocks and never a non-IP value", () => {
    expect(compileConditions([{ field: "source.ip", op: "cidr", value: "10.0.0.0/8" }])(eventMatch)).toBe(true);
    expect(compileConditions([{ field: "source.ip", op: "cidr", value: "10.0.0.5" }])(eventMatch)).toBe(true);
    expect(compileConditions([{ field: "source.ip", op: "cidr", value: "192.168.0.0/16" }])(eventMatch)).toBe(false);
    const v6 = { groupKey: "source.ip=2001:db8::1", entities: entities({}) };
    expect(compileConditions([{ field: "source.ip", op: "cidr", value: "2001:db8::/32" }])(v6)).toBe(true);
    expect(compileConditions([{ field: "user.name", op: "cidr", value: "10.0.0.0/8" }])(eventMatch)).toBe(false);
  });

  it("needs every value of a field to pass: a correlation over two users is not hidden by one user's exception", () => {
    const twoUsers = { groupKey: "event=x", entities: entities({ user: ["alice", "mallory"] }) };
    expect(compileConditions([{ field: "user.name", op: "equals", value: "alice" }])(twoUsers)).toBe(false);
    expect(compileConditions([{ field: "user.name", op: "contains", value: "a" }])(twoUsers)).toBe(true);
  });

  it("asks the match's events only for fields the match does not carry", () => {
    const holds = compileConditions([{ field: "user.name", op: "equals", value: "svc-backup" }, { field: "process.name", op: "equals", value: "rsync" }]);
    expect(holds.eventFields(eventMatch)).toEqual(["process.name"]);
    expect(holds(eventMatch)).toBe(false);
    expect(holds(eventMatch, (f) => (f === "process.name" ? ["RSYNC"] : []))).toBe(true);
    expect(holds(eventMatch, () => ["rsync", "curl"])).toBe(false);
    expect(compileConditions([{ field: "User", op: "equals", value: "alice" }]).eventFields(correlation)).toEqual([]);
    expect(scalarStrings([1, "a", [true, null], { x: 1 }])).toEqual(["1", "a", "true"]);
  });

  it("validates conditions with a reason naming the field", () => {
    expect(conditionSchema.safeParse({ field: "source.ip", op: "cidr", value: "10.0.0.0/33" }).success).toBe(false);
    expect(conditionSchema.safeParse({ field: "source.ip", op: "cidr", value: "not-an-ip" }).error?.issues[0]?.path).toEqual(["value"]);
    expect(conditionSchema.safeParse({ field: " ", op: "equals", value: "x" }).success).toBe(false);
    expect(conditionSchema.safeParse({ field: "a", op: "regex", value: "x" }).success).toBe(false);
    expect(readConditions([{ field: "a", op: "equals", value: "x" }])).toEqual([{ field: "a", op: "equals", value: "x" }]);
    expect(readConditions({ not: "a list" })).toBeUndefined();
  });
});

describe("proposalFor", () => {
  const alert = { id: "0f8fad5b-d9cb-469f-a165-70867728950e", ruleId: "r1", ruleTitle: "Rule", dispositionNote: "backup job" };
  it("uses the group key's fields (event rules and correlations alike)", () => {
    expect(proposalFor({ ...alert, ...correlation }).conditions).toEqual([{ field: "User", op: "equals", value: "alice" }]);
    expect(proposalFor({ ...alert, ...eventMatch })).toMatchObject({
      ruleId: "r1", reason: "backup job", sourceAlertId: alert.id,
      conditions: [{ field: "user.name", op: "equals", value: "svc-backup" }, { field: "source.ip", op: "equals", value: "10.0.0.5" }, { field: "host.name", op: "equals", value: "db-01" }],
    });
  });
  it("falls back to single-valued entities when the group key names none", () => {
    const p = proposalFor({ ...alert, groupKey: "event=1", entities: { user: ["a", "b"], file: ["C:\\x.exe"] }, dispositionNote: null });
    expect(p.conditions).toEqual([{ field: "file.path", op: "equals", value: "C:\\x.exe" }]);
    expect(p.reason).toBe("False positive (alert 0f8fad5b)");
  });
});
