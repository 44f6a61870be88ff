import { readFileSync } from "node:fs";
import { urlExtension } from "../../format/util";
import { describe, expect, it } from "vitest";
import { parseAny } from "../../index";

const receivedAt = new Date("2026-11-27T12:00:00.000Z");
const lines = readFileSync(new URL("./fixtures/access.log", import.meta.url), "utf8").split("\n").filter(Boolean);
const parse = (raw: string) => parseAny(raw, { tenantId: "t", receivedAt });

describe("access-log", () => {
  const [sqli, login, head, tls] = lines.map((l) => {
    const r = parse(l);
    if (!r.ok) throw new Error(r.error.reason);
    expect(r.format).toBe("access-log");
    return r.event;
  });

  it("parses combined lines into url/http/user_agent", () => {
    expect(sqli).toMatchObject({
      "@timestamp": "2026-11-27T10:00:00.000Z",
      source: { ip: "203.0.113.9" },
      url: { original: "/index.php?id=1%27%20OR%201=1--", path: "/index.php", query: "id=1%27%20OR%201=1--" },
      http: { request: { method: "GET" }, response: { status_code: 500, bytes: 1234 }, version: "1.1" },
      user_agent: { original: "sqlmap/1.7.2#stable (https://sqlmap.org)" },
      event: { outcome: "failure", category: "web" },
      ocsf: { class_uid: 4002 },
    });
    expect(login).toMatchObject({ "@timestamp": "2026-11-27T10:00:00.000Z", user: { name: "alice" }, http: { request: { method: "POST", referrer: "https://portal.example.com/" }, version: "2.0" }, user_agent: { original: 'Mozilla/5.0 (X11; Linux x86_64) "quoted"' }, event: { outcome: "success" } });
  });

  it("parses common-format lines, IPv6 clients and negative offsets", () => {
    expect(head).toMatchObject({ "@timestamp": "2026-11-27T15:30:02.000Z", source: { ip: "2001:db8::5" }, http: { response: { status_code: 304 } } });
    expect(head!.http?.response?.bytes).toBeUndefined();
  });

  it("gives url.extension (ECS) from the path's last segment only", () => {
    expect(sqli?.url?.extension).toBe("php");
    expect(["/a/b.tar.gz", "/dir.d/file", "/.hidden", "/x.", "/", undefined].map(urlExtension)).toEqual(["gz", undefined, undefined, undefined, undefined, undefined]);
  });

  it("keeps garbage requests (TLS on the HTTP port) as url.original", () => {
    expect(tls).toMatchObject({ http: { response: { status_code: 400 } }, url: { original: "\\x16\\x03\\x01\\x00\\xa5\\x01\\x00\\x00" } });
    expect(tls!.http?.request?.method).toBeUndefined();
  });

  it("reports a bad time with its position", () => {
    const r = parseAny('1.2.3.4 - - [27/Foo/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 1', { tenantId: "t", receivedAt, format: "access-log" });
    expect(!r.ok && r.error).toMatchObject({ format: "access-log", position: 13, reason: expect.stringMatching(/invalid access log time/) });
    expect(parseAny("hello", { tenantId: "t", receivedAt, format: "access-log" })).toMatchObject({ ok: false, error: { position: 0 } });
  });
});
