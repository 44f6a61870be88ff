// globTest must answer exactly as the regex Sigma wildcards are defined by (`^...$`, `s`, `i` unless cased).
import { describe, expect, it } from "vitest";
import { globTest } from "./glob";
import type { StringPart } from "./sigma-string";
import { MANY, ONE, toRegExpSource } from "./sigma-string";

function rng(seed: number): () => number {
  let x = seed;
  return () => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return x / 4294967296;
  };
}

// Case pairs, regex specials, newlines, non-ASCII letters whose case mapping reaches ASCII (Kelvin
// sign, dotted I, long s) and a surrogate pair: where lower-casing and regex folding differ.
const ALPHABET = ["a", "A", "b", "B", "k", "K", "s", "S", "i", "I", "\\", ".", "*", "\n", "\u212A", "\u0130", "\u017F", "é", "É", "\uD83D\uDE00", "-"];

describe("globTest", () => {
  it("matches like the anchored regex on random patterns and texts", () => {
    const next = rng(7);
    const word = (max: number) => Array.from({ length: Math.floor(next() * max) }, () => ALPHABET[Math.floor(next() * ALPHABET.length)]).join("");
    let compared = 0;
    for (let n = 0; n < 4000; n++) {
      const parts: StringPart[] = [];
      const count = 1 + Math.floor(next() * 4);
      for (let i = 0; i < count; i++) {
        if (next() < 0.5) parts.push(MANY);
        const w = word(4);
        if (w && typeof parts[parts.length - 1] !== "string") parts.push(w);
      }
      if (next() < 0.5) parts.push(MANY);
      const cased = next() < 0.3;
      const test = globTest(parts, cased);
      if (!test) continue;
      const re = new RegExp(`^${toRegExpSource(parts)}$`, cased ? "s" : "is");
      for (let k = 0; k < 10; k++) {
        // Texts built from the pattern's own literals, so matches are frequent.
        const text = parts.map((p) => (typeof p === "string" ? (next() < 0.5 ? p.toUpperCase() : p) : word(3))).join("");
        for (const t of [text, word(8), text.slice(1), text + word(2)]) {
          expect(test(t), `${JSON.stringify(parts.map(String))} cased=${cased} on ${JSON.stringify(t)}`).toBe(re.test(t));
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(10_000);
  });

  it("declines patterns it cannot answer without a regex", () => {
    expect(globTest([MANY, "a", ONE, "b"], false)).toBeUndefined();
    expect(globTest([MANY, "é"], false)).toBeUndefined();
    expect(globTest([MANY, "é"], true)).toBeDefined();
  });

  it("anchors the first and last literal and keeps them from overlapping", () => {
    const test = globTest(["ab", MANY, "ba"], false) as (t: string) => boolean;
    expect(test("aba")).toBe(false);
    expect(test("ABBA")).toBe(true);
    expect(test("ab-x-ba")).toBe(true);
    expect((globTest([MANY, "\\cmd.exe"], false) as (t: string) => boolean)("C:\\Windows\\System32\\CMD.EXE")).toBe(true);
  });
});
