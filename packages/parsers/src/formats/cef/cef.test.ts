import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseAny } from "../../index";
import { parseExtension } from "./cef";
import { urlParts } from "../../format/util";

const receivedAt = new Date("2026-11-27T12:00:00.000Z");
const read = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8").split("\n").filter(Boolean);
const parse = (raw: string) => {
  const r = parseAny(raw, { tenantId: "t", receivedAt });
  if (!r.ok) throw new Error(`${r.error.reason} at ${r.error.position}`);
  return r;
};

describe("CEF", () => {
  const [doc, escaped, trend, pan] = read("cef.log").map(parse);

  it("parses the header and maps the extension to ECS", () => {
    expect(doc!.format).toBe("cef");
    expect(doc!.event.original).toMatchObject({ cefVersion: "0", deviceVendor: "Security", deviceProduct: "threatmanager", deviceEventClassId: "100", name: "worm successfully stopped", severity: "10", src: "10.0.0.1", spt: "1232" });
    expect(doc!.event).toMatchObject({ event: { code: "100", severity: 10, action: "worm successfully stopped" }, source: { ip: "10.0.0.1", port: 1232 }, destination: { ip: "2.1.2.2" }, observer: { vendor: "Security", product: "threatmanager" }, ocsf: { class_uid: 4001 } });
  });

  it("unescapes \\| \\\\ in the header and \\= \\\\ \\n in values that hold spaces", () => {
    const e = escaped!.event;
    expect(e.original).toMatchObject({ deviceProduct: "threat|manager", name: "detected a \\ in packet", act: "blocked a = b", msg: "line one\nline two", filePath: "C:\\Windows\\evil.exe" });
    expect(e).toMatchObject({ event: { action: "blocked a = b", outcome: "failure" }, user: { name: "alice", target: { name: "bob" } }, file: { path: "C:\\Windows\\evil.exe" }, message: "line one\nline two" });
  });

  it("reads rt dates, custom labels, URLs with '=' and text severities", () => {
    expect(trend!.event["@timestamp"]).toBe("2026-11-27T10:15:30.250Z");
    expect(trend!.event.original).toMatchObject({ Zone: "dmz", request: "https://portal.example.com/login?next=/a=b", msg: "User signed in from 198.51.100.7" });
    expect(trend!.event).toMatchObject({ url: { original: "https://portal.example.com/login?next=/a=b" }, http: { request: { method: "POST" } }, ocsf: { class_uid: 4002 } });
    expect(pan!.event).toMatchObject({ "@timestamp": "2026-11-27T10:00:00.000Z", event: { severity: 3, action: "allow" }, network: { transport: "udp" }, destination: { port: 53 } });
  });

  it("splits a proxy's absolute URL into domain, path and query as written (Sigma's cs-host, c-uri-stem, c-uri-query)", () => {
    const e = parse("CEF:0|Squid|Proxy|5.7|200|TCP_MISS|3|src=10.1.1.5 request=http://user@api.telegram.org:443/bot12:AA/sendMessage?chat_id=7&text=a%20b#frag requestMethod=POST requestClientApplication=python-requests/2.31").event;
    expect(e.url).toEqual({ original: "http://user@api.telegram.org:443/bot12:AA/sendMessage?chat_id=7&text=a%20b#frag", domain: "api.telegram.org", path: "/bot12:AA/sendMessage", query: "chat_id=7&text=a%20b" });
    expect(e).toMatchObject({ http: { request: { method: "POST" } }, user_agent: { original: "python-requests/2.31" } });
    expect(urlParts("https://[2001:db8::1]:8443")).toEqual({ original: "https://[2001:db8::1]:8443", domain: "2001:db8::1", path: "/" });
    expect(urlParts("/relative/path?q=1")).toEqual({ original: "/relative/path?q=1" });
    expect(urlParts("http://")).toEqual({ original: "http://", path: "/" });
    expect(urlParts(undefined)).toBeUndefined();
  });

  it("splits extension keys only at unescaped '=' after a space", () => {
    expect(parseExtension("a=1 b=x y z c=p\\=q d=")).toEqual({ a: "1", b: "x y z", c: "p=q", d: "" });
    expect(parseExtension("")).toEqual({});
    expect(parseExtension("no pairs here")).toEqual({});
  });

  it.each([
    ["CEF:0|a|b|c", /header has 3 of 7/],
    ["CEF:x|a|b|c|d|e|f|", /version "x"/],
    ["CEF:0|a|b|c|d|e|f\\|", /header has 6 of 7/],
  ])("reports %j", (raw, reason) => {
    const r = parseAny(raw, { tenantId: "t", receivedAt });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatchObject({ format: "cef", reason: expect.stringMatching(reason) });
  });
});

describe("LEEF", () => {
  const [v1, caret, hex, noDelimiter] = read("leef.log").map(parse);

  it("parses LEEF 1.0 with tab-separated attributes", () => {
    expect(v1!.format).toBe("leef");
    expect(v1!.event).toMatchObject({ event: { code: "15345", severity: 5, category: "anomaly" }, source: { ip: "192.0.2.10", port: 81 }, destination: { ip: "172.50.123.1", port: 21 }, user: { name: "joe.black" }, observer: { vendor: "Microsoft" } });
  });

  it("uses the LEEF 2.0 delimiter, literal or hex, and tab when it is omitted", () => {
    expect(caret!.event).toMatchObject({ source: { ip: "10.0.1.8" }, user: { name: "jane doe" } });
    expect(hex!.event).toMatchObject({ "@timestamp": "2026-11-27T10:20:00.000Z", event: { action: "blocked" }, network: { transport: "tcp" } });
    expect(noDelimiter!.event).toMatchObject({ user: { name: "root" }, event: { outcome: "failure" } });
  });

  it.each([
    ["LEEF:3.0|a|b|c|d|", /expected "LEEF:1.0\|"/],
    ["LEEF:2.0|a|b|c", /header has 3 of 5/],
    ["LEEF:2.0|a|b|c|d|xZZ|src=1", /invalid LEEF 2.0 delimiter "xZZ"/],
  ])("reports %j", (raw, reason) => {
    const r = parseAny(raw, { tenantId: "t", receivedAt });
    expect(!r.ok && r.error.reason).toMatch(reason);
  });
});
