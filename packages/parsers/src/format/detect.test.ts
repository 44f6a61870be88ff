import { describe, expect, it } from "vitest";
import { createLineParser, detectFormat, formats, getParser, parseAny } from "../index";

const ctx = { tenantId: "t", receivedAt: new Date("2026-11-27T12:00:00.000Z") };

describe("detectFormat", () => {
  it.each([
    ['{"a":1}', "json"],
    ['  {"Event":{}}', "json"],
    ["<13>1 - - - - - -", "syslog"],
    ["<34>Oct 11 22:14:15 mymachine su: x", "syslog"],
    ["Jun 14 15:16:01 combo sshd(pam_unix)[19939]: x", "syslog"],
    ["2026-11-27T10:00:00.123+01:00 host app: x", "syslog"],
    ["CEF:0|a|b|c|d|e|f|", "cef"],
    ["LEEF:2.0|a|b|c|d|^|", "leef"],
    ['1.2.3.4 - - [27/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 1', "access-log"],
    ["IN=eth0 OUT= SRC=1.1.1.1 DST=2.2.2.2 PROTO=TCP", "iptables"],
    ["hello world", "unknown"],
    ["", "unknown"],
    ["\uFEFF<13>1 - - - - - -", "syslog"],
  ])("%j -> %s", (raw, format) => {
    expect(detectFormat(raw)).toBe(format);
  });
});

describe("parseAny", () => {
  it("reports the content format of a syslog line", () => {
    expect(parseAny("<38>Nov 27 11:59:59 h sshd[1]: Accepted password for a from 10.0.0.1 port 22 ssh2", ctx)).toMatchObject({ ok: true, format: "linux-auth" });
    expect(parseAny("<38>Nov 27 11:59:59 h cron[1]: tick", ctx)).toMatchObject({ ok: true, format: "syslog" });
  });

  it("lets the source override detection with its format and config", () => {
    const asJson = parseAny('{"Records":1,"message":"m"}', { ...ctx, format: "json" });
    expect(asJson).toMatchObject({ ok: true, format: "json", event: { message: "m" } });
    const wrong = parseAny('{"a":1}', { ...ctx, format: "syslog" });
    expect(wrong).toMatchObject({ ok: false, error: { format: "syslog", position: 0 } });
    const zoned = parseAny("Nov 27 17:30:00 h a: x", { ...ctx, config: { syslog: { timezone: "+05:30" } } });
    expect(zoned.ok && zoned.event["@timestamp"]).toBe("2026-11-27T12:00:00.000Z");
    expect(parseAny("x", { ...ctx, format: "syslog", config: { syslog: { timezone: "nope" } } })).toMatchObject({ ok: false, error: { reason: expect.stringMatching(/timezone/) } });
    expect(parseAny("x", { ...ctx, format: "nope" as "json" })).toMatchObject({ ok: false, error: { reason: expect.stringMatching(/unknown format "nope"/) } });
  });

  it("gives unrecognized text a typed error instead of guessing", () => {
    expect(parseAny("hello world", ctx)).toEqual({ ok: false, error: { format: "unknown", position: 0, reason: expect.stringMatching(/unrecognized format/) } });
  });

  it("derives the same id for the same tenant and raw line", () => {
    const a = parseAny("<13>1 - h a - - - x", ctx);
    const b = parseAny("<13>1 - h a - - - x\r", ctx);
    expect(a.ok && b.ok && a.event.id === b.event.id).toBe(true);
  });
});

describe("line parsers", () => {
  it("parses a mixed syslog body line by line and reports bad lines by number", () => {
    const body = ["<13>1 - h a - - - one", "", "CEF:0|a|b|c|d|e|5|src=10.0.0.1", "garbage line", '{"message":"json"}', "<999>1 - - - - - -"].join("\r\n");
    const r = getParser("syslog-lines").parse(body, ctx);
    expect(r.total).toBe(5);
    expect(r.events.map((e) => e.vigil.format)).toEqual(["syslog", "cef", "json"]);
    expect(r.events.every((e) => e.vigil.receiver === "syslog")).toBe(true);
    expect(r.errors.map((e) => e.message)).toEqual([
      "line 4: unknown: unrecognized format (not syslog, CEF, LEEF, JSON, access log, Squid, auditd or netfilter) (column 1)",
      "line 6: syslog: PRI 999 is out of range 0..191 (column 2)",
    ]);
  });

  it("honours maxItems and a fixed format", () => {
    const p = createLineParser({ receiver: "hec-raw", format: "cef" });
    expect(p.parse("a\nb\nc", { ...ctx, maxItems: 2 })).toMatchObject({ tooManyItems: true, total: 3 });
    expect(p.parse("<13>1 - h a - - - not cef", ctx).errors[0]?.reason).toMatch(/no CEF payload/);
  });
});

describe("format components", () => {
  it("are registered with id, description, defaults, configure and build", () => {
    expect([...formats.keys()]).toEqual(["syslog", "linux-auth", "iptables", "auditd", "cef", "leef", "windows", "access-log", "squid", "cloudtrail", "okta", "json"]);
    for (const [id, f] of formats) {
      expect(f.id).toBe(id);
      expect(f.description.length).toBeGreaterThan(10);
      const checked = f.configure(undefined);
      expect(checked.ok).toBe(true);
      if (checked.ok) expect(typeof f.build(checked.config)).toBe("function");
    }
    expect(formats.get("cef")!.configure({ bogus: 1 })).toMatchObject({ ok: false });
  });
});
