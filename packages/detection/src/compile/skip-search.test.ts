// The skipping search reports exactly the occurrences Aho-Corasick reports (same contract: lower-
// case needles, ASCII letters of the text folded), on random texts over a small alphabet, where
// needles overlap, repeat inside each other and sit at both ends of the text.
import { describe, expect, it } from "vitest";
import { AhoCorasick } from "./aho-corasick";
import { prng } from "./random";
import { SkipSearch } from "./skip-search";

function hits(search: { search(text: string, onHit: (needle: number, end: number) => void): void }, text: string): string[] {
  const out: string[] = [];
  search.search(text, (n, end) => out.push(`${n}@${end}`));
  return out.sort();
}

describe("SkipSearch", () => {
  it("finds every occurrence Aho-Corasick finds, case-folded, overlapping, at both ends", () => {
    const s = new SkipSearch(["sekurlsa::", "lsadump::", "kiwi legit", "::kiwi", "ümlaut"]);
    expect(hits(s, "SEKURLSA::lsadump::KIWI legit")).toEqual(["0@9", "1@18", "2@28", "3@22"].sort());
    expect(hits(s, "an ümlaut")).toEqual(["4@8"]);
    expect(hits(s, "sekurlsa:")).toEqual([]);
  });

  it("agrees with Aho-Corasick on random needles and texts", () => {
    const next = prng(11);
    const pick = (alphabet: string, n: number) => Array.from({ length: n }, () => alphabet[Math.floor(next() * alphabet.length)]).join("");
    for (let round = 0; round < 200; round++) {
      const needles = [...new Set(Array.from({ length: 1 + Math.floor(next() * 12) }, () => pick("abc:.é", 2 + Math.floor(next() * 6))))];
      const skip = new SkipSearch(needles);
      const ac = new AhoCorasick(needles);
      for (let t = 0; t < 20; t++) {
        const text = pick("abcABC:.é", Math.floor(next() * 80));
        const scanned = /[\u0080-\uffff]/.test(text) ? text.toLowerCase() : text;
        expect(hits(skip, scanned), `${JSON.stringify(needles)} in ${text}`).toEqual(hits(ac, scanned));
      }
    }
  });
});
