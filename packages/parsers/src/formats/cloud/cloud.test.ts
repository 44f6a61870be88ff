import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { hecEventParser, ndjsonParser, parseAny } from "../../index";

const ctx = { tenantId: "t", receivedAt: new Date("2026-11-27T12:00:00.000Z") };
const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");

describe("AWS CloudTrail", () => {
  const body = fixture("cloudtrail.json").replace(/\n/g, "");
  const events = ndjsonParser.parse(body, ctx).events;

  it("splits the Records file shape into one event per record", () => {
    expect(events).toHaveLength(3);
    expect(new Set(events.map((e) => e.id)).size).toBe(3);
    expect(events.every((e) => e.vigil.format === "cloudtrail")).toBe(true);
  });

  it("maps console logins, IAM changes and denied API calls", () => {
    const [login, createUser, denied] = events;
    expect(login).toMatchObject({ "@timestamp": "2026-11-27T10:00:00.000Z", event: { action: "ConsoleLogin", outcome: "failure", category: "authentication", provider: "signin.amazonaws.com" }, user: { name: "alice" }, source: { ip: "203.0.113.7" }, cloud: { provider: "aws", region: "us-east-1", account: { id: "111122223333" }, service: { name: "signin" } }, ocsf: { class_uid: 3002 } });
    expect(createUser).toMatchObject({ event: { action: "CreateUser", outcome: "success", category: "iam" }, user: { name: "Admin" }, source: { domain: "cloudformation.amazonaws.com" }, ocsf: { class_uid: 3001 } });
    expect(createUser!.source?.ip).toBeUndefined();
    expect(denied).toMatchObject({ event: { outcome: "failure", code: "AccessDenied" }, message: "Access Denied", ocsf: { class_uid: 6003 } });
  });

  it("is recognized inside a HEC envelope too", () => {
    const record = JSON.parse(fixture("cloudtrail.json")).Records[2];
    const r = hecEventParser.parse(JSON.stringify({ event: record, sourcetype: "aws:cloudtrail" }), ctx);
    expect(r.events[0]).toMatchObject({ event: { action: "GetObject" }, vigil: { format: "cloudtrail", sourcetype: "aws:cloudtrail" } });
  });
});

describe("Okta System Log", () => {
  const [login, membership] = fixture("okta.jsonl").split("\n").filter(Boolean).map((l) => {
    const r = parseAny(l, ctx);
    if (!r.ok) throw new Error(r.error.reason);
    expect(r.format).toBe("okta");
    return r.event;
  });

  it("maps sessions and group membership changes", () => {
    expect(login).toMatchObject({ "@timestamp": "2026-11-27T10:00:00.123Z", event: { action: "user.session.start", outcome: "failure", category: "authentication" }, user: { name: "alice@example.com", id: "00u1" }, source: { ip: "203.0.113.7" }, user_agent: { original: "Mozilla/5.0" }, message: "User login to Okta" });
    expect(membership).toMatchObject({ event: { action: "group.user_membership.add", outcome: "success", category: "iam" }, user: { name: "admin@example.com", target: { name: "mallory@example.com" } }, ocsf: { class_uid: 3006 } });
  });

  it("refuses objects that are not Okta events when the source says okta", () => {
    expect(parseAny('{"eventType":"x"}', { ...ctx, format: "okta" })).toMatchObject({ ok: false, error: { format: "okta", reason: expect.stringMatching(/not an Okta/) } });
    expect(parseAny('{"eventSource":"s3.amazonaws.com"}', { ...ctx, format: "cloudtrail" })).toMatchObject({ ok: false, error: { reason: expect.stringMatching(/not a CloudTrail/) } });
  });
});
