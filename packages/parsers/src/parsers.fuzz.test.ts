// Hostile request bodies through every parser component (HEC event, NDJSON, syslog lines, raw
// lines auto-detected and forced to each format): random bytes, truncated JSON, invalid UTF-8 and
// lone surrogates, 10k-level nesting, 100k-field objects, 10 MB lines. A parser never throws;
// every item it refuses carries a precise message ("<unit> <n>: <reason>") pointing at an item
// that exists, and every event it returns is storable (no NUL or lone surrogate reaches text).
import { describe, expect, it } from "vitest";
import type { ParseResult, ParserComponent } from "./index";
import { createLineParser, formats, hecEventParser, ndjsonParser, parsers } from "./index";

const ctx = { tenantId: "t", receivedAt: new Date("2026-11-27T12:00:00.000Z") };
const decoder = new TextDecoder("utf-8", { fatal: false });
// eslint-disable-next-line no-control-regex -- exactly what PostgreSQL text and jsonb refuse
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The first string (value or key) PostgreSQL could not store, if any. */
function unstorable(value: unknown): string | undefined {
  if (typeof value === "string") return UNSTORABLE.test(value) ? value : undefined;
  if (typeof value !== "object" || value === null) return undefined;
  for (const [k, v] of Object.entries(value)) {
    const bad = UNSTORABLE.test(k) ? k : unstorable(v);
    if (bad !== undefined) return bad;
  }
  return undefined;
}

const components: ParserComponent[] = [
  ...parsers.values(),
  ...[...formats.keys()].map((format) => createLineParser({ id: `fuzz:${format}`, receiver: "hec-raw", format })),
];

/** Deterministic PRNG (LCG) so a failure reproduces from its seed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

function itemsIn(parser: ParserComponent, body: string): number {
  // Upper bound on item positions: lines for line parsers, JSON values (<= characters) for HEC.
  return parser.unit === "line" ? body.split("\n").length : Math.max(1, body.length);
}

function check(parser: ParserComponent, body: string): ParseResult {
  let result: ParseResult | undefined;
  expect(() => (result = parser.parse(body, ctx)), `${parser.id} threw on ${JSON.stringify(body.slice(0, 80))}`).not.toThrow();
  const r = result as ParseResult;
  expect(r.errors.length).toBeLessThanOrEqual(r.total);
  if (!r.tooManyItems) expect(r.events.length + r.errors.length).toBeGreaterThanOrEqual(r.total);
  const max = itemsIn(parser, body);
  for (const e of r.errors) {
    expect(e.item).toBeGreaterThanOrEqual(1);
    expect(e.item).toBeLessThanOrEqual(max);
    expect(e.reason.length).toBeGreaterThan(0);
    expect(e.message.startsWith(`${parser.unit} ${e.item}: `)).toBe(true);
    // Dead letters keep the raw item: it must be storable too.
    expect(unstorable(e), `${parser.id} produced an unstorable dead letter from ${JSON.stringify(body.slice(0, 80))}`).toBeUndefined();
  }
  for (const ev of r.events) {
    expect(typeof ev.id).toBe("string");
    expect(Number.isFinite(Date.parse(ev["@timestamp"]))).toBe(true);
    expect(unstorable(ev), `${parser.id} produced an unstorable event from ${JSON.stringify(body.slice(0, 80))}`).toBeUndefined();
  }
  return r;
}

const VALID = [
  '{"event":{"user":"alice","action":"login","outcome":"failure","src_ip":"10.0.0.1"},"time":1764237600,"host":"h"}',
  '{"message":"Failed password for bob","user":"bob","@timestamp":"2026-11-27T10:00:00Z"}',
  "<34>1 2026-11-27T10:00:00Z host app 1 ID47 [x@1 a=\"b\"] Failed password for root from 203.0.113.1 port 22 ssh2",
  "CEF:0|Vendor|Product|1.0|100|Login failed|5|suser=alice src=10.0.0.2",
  '10.0.0.3 - - [27/Nov/2026:10:00:00 +0000] "GET /admin HTTP/1.1" 404 12 "-" "curl"',
];

function mutate(text: string, rand: () => number): string {
  let s = text;
  for (let k = 1 + Math.floor(rand() * 3); k > 0; k--) {
    const at = Math.floor(rand() * (s.length + 1));
    const op = rand();
    if (op < 0.3) s = s.slice(0, at); // truncated
    else if (op < 0.6) s = s.slice(0, at) + s.slice(at + 1 + Math.floor(rand() * 5));
    else s = s.slice(0, at) + "{}[]\":,\\\n\u0000\uD800\uFFFD"[Math.floor(rand() * 13)] + s.slice(at);
  }
  return s;
}

describe("parser components never throw on hostile bodies", { timeout: 180_000 }, () => {
  it("covers every registered parser and format", () => {
    expect(components.map((p) => p.id)).toEqual(expect.arrayContaining(["splunk-hec-event", "ndjson", "syslog-lines", "raw-lines", "fuzz:json"]));
  });

  it("random bytes decoded as the server does (invalid UTF-8 -> U+FFFD) and as latin1", () => {
    const rand = rng(1);
    for (let n = 0; n < 150; n++) {
      const bytes = Buffer.from(Array.from({ length: Math.floor(rand() * 400) }, () => Math.floor(rand() * 256)));
      for (const p of components) {
        check(p, decoder.decode(bytes));
        check(p, bytes.toString("latin1"));
      }
    }
  });

  it("truncated and mutated valid bodies keep the earlier valid items", () => {
    const rand = rng(2);
    const body = VALID.join("\n");
    for (let n = 0; n < 150; n++) {
      const cut = Math.floor(rand() * body.length);
      for (const p of components) check(p, body.slice(0, cut));
      for (const p of components) check(p, mutate(body, rand));
    }
    // A truncated last HEC event: the first ones stored, the last one a precise error.
    const hec = `${VALID[0]}${VALID[0]?.replace("alice", "carol")}${VALID[0]?.slice(0, 40)}`;
    const r = check(hecEventParser, hec);
    expect([r.events.length, r.errors.map((e) => e.message)]).toEqual([2, ["event 3: truncated JSON: the body ended before this object was closed"]]);
    const nd = check(ndjsonParser, `${VALID[1]}\n{"user":"x",`);
    expect(nd.events.length).toBe(1);
    expect(nd.errors[0]?.message).toMatch(/^line 2: .*JSON/);
  });

  it("invalid UTF-16 and NUL never reach an event", () => {
    const nasty = ['{"event":"a\\ud800b","time":1}', '{"event":{"k\\u0000":"\\u0000","\\udc00":1}}', '{"message":"\uD800\u0000"}', "<13>Nov 27 10:00:00 h a: \uD800 \u0000 x"];
    for (const p of components) for (const body of nasty) check(p, body);
  });

  it("10,000-level nesting is refused with the depth in the reason", () => {
    const deep = `${'{"a":'.repeat(10_000)}1${"}".repeat(10_000)}`;
    const arrays = `${"[".repeat(10_000)}${"]".repeat(10_000)}`;
    for (const p of components) {
      check(p, deep);
      check(p, arrays);
      check(p, `{"event":${deep}}`);
    }
    expect(check(hecEventParser, `{"event":${deep}}`).errors[0]?.message).toBe("event 1: JSON nested deeper than 100 levels");
    expect(check(ndjsonParser, deep).errors[0]?.message).toBe("line 1: JSON nested deeper than 100 levels");
  });

  it("100,000-field objects and 10 MB lines", () => {
    const wide = JSON.stringify(Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`f${i}`, i])));
    const big = "x".repeat(10 * 1024 * 1024);
    // Every component gets the 10 MB line; the body-level parsers also get the JSON and mixed shapes
    // (the per-format line parsers share parseAny, which the format fuzz test covers line by line).
    for (const p of components) check(p, big);
    const bodies = [wide, `{"event":${wide}}`, `{"event":"${big}"}`, `<13>Nov 27 10:00:00 h a: ${big}`, `${VALID[1]}\n${big}\n${VALID[1]}`];
    for (const p of parsers.values()) for (const body of bodies) check(p, body);
    const mixed = check(ndjsonParser, `${VALID[1]}\n${big}\n${VALID[1]}`);
    expect([mixed.events.length, mixed.errors.map((e) => e.item)]).toEqual([2, [2]]);
  });

  it("refuses bodies with more items than the limit without parsing them", () => {
    const body = "{}\n".repeat(11);
    for (const p of components) {
      const r = p.parse(body, { ...ctx, maxItems: 10 });
      expect(r).toMatchObject({ tooManyItems: true, total: 11, events: [] });
    }
  });
});
