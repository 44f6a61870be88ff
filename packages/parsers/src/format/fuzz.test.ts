// Hostile input: random bytes, mutated fixtures, huge and deeply nested records. Every format
// must answer with an event or a typed error whose position lies inside the record.
import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { FormatId } from "../index";
import { formats, parseAny } from "../index";

const ctx = { tenantId: "t", receivedAt: new Date("2026-11-27T12:00:00.000Z") };
const formatsDir = new URL("../formats/", import.meta.url);

function fixtureLines(): string[] {
  const out: string[] = [];
  for (const dir of readdirSync(formatsDir)) {
    const fixtures = new URL(`${dir}/fixtures/`, formatsDir);
    let files: string[] = [];
    try {
      files = readdirSync(fixtures);
    } catch {
      continue;
    }
    for (const f of files) out.push(...readFileSync(new URL(f, fixtures), "utf8").split("\n").filter(Boolean));
  }
  return out;
}

/** Deterministic PRNG so a failure reproduces. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

function mutate(line: string, rand: () => number): string {
  const chars = [...line];
  const edits = 1 + Math.floor(rand() * 4);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(rand() * (chars.length + 1));
    const op = rand();
    if (op < 0.33) chars.splice(at, 1);
    else if (op < 0.66) chars.splice(at, 0, String.fromCharCode(Math.floor(rand() * 0x3000)));
    else chars.length = at;
  }
  return chars.join("");
}

function expectTyped(raw: string, format?: FormatId): void {
  const r = parseAny(raw, { ...ctx, ...(format ? { format } : {}) });
  if (r.ok) {
    expect(typeof r.event.id).toBe("string");
    expect(Number.isFinite(Date.parse(r.event["@timestamp"]))).toBe(true);
  } else {
    expect(r.error.position).toBeGreaterThanOrEqual(0);
    expect(r.error.position).toBeLessThanOrEqual(raw.length);
    expect(r.error.reason.length).toBeGreaterThan(0);
  }
}

// Fixed iteration counts, not timings: allow for a loaded 2-core machine (CI runs every package at once).
describe("hostile input never throws out of a parser", { timeout: 120_000 }, () => {
  const lines = fixtureLines();
  const ids = [...formats.keys()];

  it("has fixtures to mutate", () => {
    expect(lines.length).toBeGreaterThan(30);
  });

  it("mutated fixtures, auto-detected and forced through every format", () => {
    const rand = rng(42);
    for (let n = 0; n < 3000; n++) {
      const line = mutate(lines[n % lines.length] as string, rand);
      expectTyped(line);
      expectTyped(line, ids[n % ids.length]);
    }
  });

  it("random bytes decoded as UTF-8 (with replacement characters)", () => {
    const rand = rng(7);
    for (let n = 0; n < 2000; n++) {
      const bytes = Buffer.from(Array.from({ length: Math.floor(rand() * 200) }, () => Math.floor(rand() * 256)));
      expectTyped(bytes.toString("utf8"), ids[n % ids.length]);
      expectTyped(`<13>${bytes.toString("latin1")}`);
    }
  });

  it("10 MB lines, 100k-field objects and deep nesting", () => {
    const big = "x".repeat(10 * 1024 * 1024);
    for (const id of ids) expectTyped(big, id);
    expectTyped(`<13>Nov 27 12:00:00 h a: ${big}`);
    expectTyped(`CEF:0|a|b|c|d|e|5|${"k=v ".repeat(100_000)}`);
    const wide = JSON.stringify(Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`f${i}`, i])));
    expectTyped(wide);
    expectTyped(`${"{\"a\":".repeat(50_000)}1${"}".repeat(50_000)}`);
    expectTyped(`<13>1 - h a - - ${"[x a=\"1\"]".repeat(20_000)}`);
  });

  it.each([
    ["CEF keys without spaces", `CEF:0|a|b|c|d|e|f|${"a=".repeat(60_000)}`],
    ["CEF backslashes", `CEF:0|a|b|c|d|e|f|${"\\".repeat(120_000)}`],
    ["sudo separators", `Nov 27 10:00:00 h sudo: a : TTY=x ; PWD=${" ; PWD=".repeat(20_000)} ; USER=root ;${" A=b ;".repeat(20_000)} X`],
    ["sshd invalid users", `Nov 27 10:00:00 h sshd[1]: Failed password for ${"invalid user ".repeat(20_000)}x`],
    ["pam rhosts", `Nov 27 10:00:00 h sshd[1]: authentication failure; ${"rhost=".repeat(30_000)}`],
    ["long tag", `Nov 27 10:00:00 h ${"a".repeat(100_000)}[1]: x`],
    ["open SD", `<13>1 - h a - - [${"a".repeat(200_000)}`],
    ["LEEF equals", `LEEF:2.0|a|b|c|d|${"=".repeat(200_000)}`],
    ["netfilter pairs", `IN= OUT= ${"A= ".repeat(60_000)}`],
    ["access quotes", `1.1.1.1 - - [27/Nov/2026:10:00:00 +0000] "${'\\"'.repeat(50_000)}`],
  ])("pathological %s stays linear (the test timeout is the guard)", (_name, raw) => {
    expectTyped(raw);
  });
});
