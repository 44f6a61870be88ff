import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildFormat, detectFormat, parseAny } from "../../index";

const receivedAt = new Date("2026-11-29T12:00:00.000Z");
const read = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8").split("\n").filter(Boolean);
const parse = (line: string, format?: "squid" | "access-log") => {
  const r = parseAny(line, { tenantId: "t", receivedAt, ...(format ? { format } : {}) });
  if (!r.ok) throw new Error(`${r.error.reason}: ${line}`);
  return r;
};

describe("proxy logs", () => {
  const squid = read("squid.log").map((l) => parse(l));

  it("detects Squid's native format and maps a request through the proxy", () => {
    expect(squid.map((r) => r.format)).toEqual(["squid", "squid", "squid", "squid"]);
    expect(squid[0]!.event).toMatchObject({
      "@timestamp": "2026-11-29T09:53:20.123Z",
      event: { module: "proxy", category: "web", action: "tcp_miss", outcome: "success" },
      source: { ip: "10.0.0.5" },
      destination: { ip: "149.154.167.220" },
      url: { domain: "api.telegram.org", path: "/bot123456:AAE/sendMessage", query: "chat_id=42" },
      http: { request: { method: "GET" }, response: { status_code: 200, bytes: 4512 } },
      observer: { product: "squid" },
      original: { result_code: "TCP_MISS", hierarchy: "HIER_DIRECT", elapsed: 150, content_type: "application/json" },
    });
    expect(squid[0]!.event.user).toBeUndefined(); // "-"
  });

  it("maps a CONNECT tunnel's authority, a denied download, and an error entry without a reply", () => {
    expect(squid[1]!.event).toMatchObject({ url: { original: "pastebin.com:443", domain: "pastebin.com" }, user: { name: "alice" }, http: { request: { method: "CONNECT" } } });
    expect(squid[2]!.event).toMatchObject({ event: { type: "denied", outcome: "failure" }, url: { domain: "evil.example", extension: "exe" }, http: { response: { status_code: 403 } } });
    expect(squid[2]!.event.destination).toBeUndefined(); // HIER_NONE/-
    expect(squid[3]!.event.event.outcome).toBeUndefined();
    expect(squid[3]!.event.http?.response?.status_code).toBeUndefined();
  });

  it("reads the access-log format written by a proxy (absolute URLs, CONNECT) as a proxy log", () => {
    const [download, tunnel] = read("proxy-combined.log").map((l) => parse(l));
    expect(download!.format).toBe("access-log");
    expect(download!.event).toMatchObject({
      event: { module: "proxy" },
      url: { original: "http://updates.example.com/agent/setup.exe?v=2", domain: "updates.example.com", path: "/agent/setup.exe", query: "v=2", extension: "exe" },
      user_agent: { original: "Mozilla/5.0 (Windows NT 10.0; Win64; x64)" },
    });
    expect(tunnel!.event).toMatchObject({ event: { module: "proxy" }, url: { domain: "api.telegram.org" }, user: { name: "bob" }, user_agent: { original: "python-requests/2.31.0" } });
    // A web server's own line stays a web server log.
    expect(parse('203.0.113.9 - - [29/Nov/2026:10:00:00 +0000] "GET /index.html HTTP/1.1" 200 12').event.event.module).toBe("access-log");
  });

  it("recognizes Squid lines sent through syslog and as a JSON document's message", () => {
    const viaSyslog = parse(`<134>Nov 29 10:00:00 proxy-1 squid[812]: ${read("squid.log")[2]!}`);
    expect(viaSyslog.format).toBe("squid");
    expect(viaSyslog.event).toMatchObject({ event: { module: "proxy", type: "denied" }, host: { name: "proxy-1" }, url: { domain: "evil.example" } });
    const doc = parse(JSON.stringify({ message: read("squid.log")[0], "@timestamp": "2026-11-29T09:53:21.000Z" }));
    expect(doc.event).toMatchObject({ event: { module: "proxy" }, url: { domain: "api.telegram.org" }, vigil: { format: "squid" } });
  });

  it("is the squid format component, and refuses what is not a Squid line with where and why", () => {
    const built = buildFormat("squid");
    if (!built.ok) throw new Error(built.reason);
    expect(built.parser(read("squid.log")[1]!, { receivedAt }).ok).toBe(true);
    expect(built.parser("1795946000.123 GET /", { receivedAt })).toEqual({ ok: false, error: { position: 0, reason: expect.stringMatching(/^not a Squid native access log line/) } });
    expect(detectFormat("1795946000.123 hello")).toBe("unknown");
  });
});
