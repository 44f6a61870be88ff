import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildFormat, parseAny, syslogFormat } from "../../index";

const receivedAt = new Date("2026-11-27T12:00:00.000Z");
const ctx = { tenantId: "t-1", receivedAt };
const lines = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8").split("\n").filter((l) => l !== "");
const parse = (raw: string, at = receivedAt) => {
  const r = parseAny(raw, { tenantId: "t-1", receivedAt: at, format: "syslog" });
  if (!r.ok) throw new Error(`${r.error.reason} at ${r.error.position}`);
  return r.event;
};
const error = (raw: string) => {
  const r = parseAny(raw, { ...ctx, format: "syslog" });
  if (r.ok) throw new Error("expected an error");
  return r.error;
};

describe("syslog RFC 5424", () => {
  const [rfcSu, doNuts, sdAndBom, sdOnly, escaped, nepal] = lines("rfc5424.log").map((l) => parse(l));

  it("parses the RFC examples: PRI, fractional time, NILVALUE procid, BOM stripped", () => {
    expect(rfcSu!["@timestamp"]).toBe("2003-10-11T22:14:15.003Z");
    expect(rfcSu!.log?.syslog).toMatchObject({ priority: 34, facility: { code: 4, name: "auth" }, severity: { code: 2, name: "crit" }, version: 1, appname: "su", msgid: "ID47" });
    expect(rfcSu!.log?.syslog?.procid).toBeUndefined();
    expect(rfcSu!.message).toBe("'su root' failed for lonvick on /dev/pts/8");
    expect(rfcSu!.host).toEqual({ name: "mymachine.example.com" });
    expect(doNuts!["@timestamp"]).toBe("2003-08-24T12:14:15.000Z");
    expect(doNuts!.process).toEqual({ name: "myproc", pid: 8710 });
    expect(doNuts!.log?.syslog?.facility).toEqual({ code: 20, name: "local4" });
  });

  it("reads structured data, several elements, with or without a message", () => {
    expect(sdAndBom!.log?.syslog?.structured_data).toEqual({ "exampleSDID@32473": { iut: "3", eventSource: "Application", eventID: "1011" } });
    expect(sdAndBom!.message).toBe("An application event log entry...");
    expect(sdOnly!.log?.syslog?.structured_data?.["examplePriority@32473"]).toEqual({ class: "high" });
    expect(sdOnly!.message).toBe("");
  });

  it('unescapes \\" \\\\ \\] in PARAM-VALUE and parses the content (sshd)', () => {
    expect(escaped!.log?.syslog?.structured_data?.["meta@32473"]).toEqual({ tenant: "acme", note: 'a "quoted" \\ path ] end' });
    expect(escaped!["@timestamp"]).toBe("2026-11-27T10:00:00.123Z");
    expect(escaped!.event).toMatchObject({ action: "ssh_login", outcome: "success", category: "authentication" });
    expect(escaped!.user).toMatchObject({ name: "deploy" });
    expect(escaped!.source).toMatchObject({ ip: "198.51.100.20", port: 50022 });
  });

  it("applies fractional-hour offsets (+05:45)", () => {
    expect(nepal!["@timestamp"]).toBe("2026-11-27T00:15:00.000Z");
    expect(nepal!.message).toBe("Kathmandu local time");
  });

  it("takes the receive time when TIMESTAMP is NILVALUE", () => {
    const e = parse("<13>1 - - - - - -");
    expect(e["@timestamp"]).toBe(receivedAt.toISOString());
    expect(e.host).toBeUndefined();
  });

  it.each([
    ["<192>1 - - - - - -", 1, /out of range/],
    ["<13", 0, /PRI not closed/],
    ["<1x>1 - - - - - -", 1, /not a number/],
    ["<13>1 2026-13-45T00:00:00Z h a - - -", 6, /not a valid date/],
    ["<13>1 2026-01-01T00:00:00+25:00 h a - - -", 25, /offset/],
    ["<13>1 2026-01-01T00:00:00Z h", 28, /ended in HOSTNAME/],
    ['<13>1 - h a - - [id a="x', 24, /not closed/],
    ['<13>1 - h a - - [id a="x"', 25, /close \[id\]/],
    ["<13>1 - h a - - [id a=x]", 22, /open a PARAM-VALUE/],
    ["<13>1 - h a - - junk", 16, /STRUCTURED-DATA/],
    ["", 0, /empty line/],
  ])("reports %j at position %i", (raw, position, reason) => {
    const e = error(raw);
    expect(e.reason).toMatch(reason);
    expect(e.position).toBe(position);
  });
});

describe("syslog RFC 3164", () => {
  it("parses the fixture and its content parsers", () => {
    const [failed, accepted, sudo, untagged, noPri, ufw, cef, nginx] = lines("rfc3164.log").map((l) => parse(l));
    expect(failed).toMatchObject({ event: { action: "ssh_login", outcome: "failure" }, user: { name: "admin" }, source: { ip: "203.0.113.9", port: 41822 }, host: { name: "bastion" }, process: { name: "sshd", pid: 4721 } });
    expect(failed!["@timestamp"]).toBe("2026-11-27T11:59:58.000Z");
    expect(accepted).toMatchObject({ event: { outcome: "success" }, ocsf: { class_uid: 3002 } });
    expect(sudo).toMatchObject({ event: { action: "sudo", outcome: "success" }, user: { name: "alice", target: { name: "root" } }, process: { command_line: "/usr/bin/cat /etc/shadow", name: "sudo" } });
    expect(untagged).toMatchObject({ host: { name: "printer-17" }, message: "some message without a tag" });
    expect(untagged!["@timestamp"]).toBe("2026-11-03T09:00:00.000Z");
    expect(noPri).toMatchObject({ process: { name: "CRON", pid: 811 }, message: "(root) CMD (run-parts /etc/cron.hourly)" });
    expect(noPri!.log?.syslog?.priority).toBeUndefined();
    expect(ufw).toMatchObject({ event: { action: "UFW BLOCK", type: "denied", category: "network" }, source: { ip: "203.0.113.50", port: 51234 }, destination: { ip: "10.0.0.5", port: 22 }, network: { transport: "tcp", interface: { in: "eth0" } }, ocsf: { class_uid: 4001 } });
    expect(cef).toMatchObject({ host: { name: "arcsight-host" }, source: { ip: "10.0.0.1", port: 1232 }, destination: { ip: "2.1.2.2" }, event: { code: "100", module: "cef" } });
    expect(cef!.original).toMatchObject({ deviceVendor: "Security", src: "10.0.0.1", hostname: "arcsight-host" });
    expect(nginx).toMatchObject({ "@timestamp": "2026-11-27T11:00:05.250Z", user: { name: "bob" }, http: { response: { status_code: 403 } }, url: { query: "id=1%27" } });
  });

  it("resolves the missing year against the reference time, across new year and leap days", () => {
    expect(parse("Dec 31 23:59:50 h app: x", new Date("2027-01-01T00:00:30Z"))["@timestamp"]).toBe("2026-12-31T23:59:50.000Z");
    expect(parse("Jan  1 00:00:05 h app: x", new Date("2026-12-31T23:59:00Z"))["@timestamp"]).toBe("2027-01-01T00:00:05.000Z");
    expect(parse("Feb 29 12:00:00 h app: x", new Date("2026-03-01T00:00:00Z"))["@timestamp"]).toBe("2024-02-29T12:00:00.000Z");
    expect(parse("Jun 14 2019 15:16:01 h app: x")["@timestamp"]).toBe("2019-06-14T15:16:01.000Z");
  });

  it("reads 3164 times in the source's configured zone", () => {
    const built = buildFormat("syslog", { timezone: "+05:30" });
    if (!built.ok) throw new Error(built.reason);
    const r = built.parser("Nov 27 17:30:00 h app: x", { receivedAt });
    expect(r.ok && r.record.time?.toISOString()).toBe("2026-11-27T12:00:00.000Z");
    expect(syslogFormat.configure({ timezone: "Mars/Olympus" })).toMatchObject({ ok: false });
    expect(buildFormat("syslog", { content: "yes" })).toMatchObject({ ok: false, reason: expect.stringMatching(/content/) });
  });

  it("keeps sysklogd tags with a version or free text before [pid]", () => {
    expect(parse("Jul 27 14:41:57 combo syslogd 1.4.1: restart.").process).toEqual({ name: "syslogd 1.4.1" });
    expect(parse("Jul  7 08:06:15 combo  -- root[2421]: ROOT LOGIN ON tty2").log?.syslog).toMatchObject({ appname: "-- root", procid: "2421" });
  });

  it.each([
    ["<13>Foo 27 12:00:00 h a: x", /unknown month/],
    ["<13>Nov 31 12:00:00 h a: x", /not a valid date/],
    ["<13>yesterday h a: x", /RFC 3164 timestamp/],
  ])("rejects %j", (raw, reason) => {
    expect(error(raw).reason).toMatch(reason);
  });

  it("refuses over-long lines with a position instead of scanning them", () => {
    const e = error(`<13>Nov 27 12:00:00 h a: ${"x".repeat(300_000)}`);
    expect(e.position).toBe(256 * 1024);
  });
});
