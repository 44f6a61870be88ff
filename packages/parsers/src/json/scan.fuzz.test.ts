// The charCode/indexOf splitter against the straightforward character-by-character reference it
// replaced (kept here verbatim as the oracle): same chunks, depths and truncation on random
// JSON-ish text full of quotes, escapes and brackets.
import { describe, expect, it } from "vitest";
import { jsonDepth, splitJsonValues } from "./scan";

const WHITESPACE = new Set([" ", "\t", "\n", "\r", "\uFEFF"]);
const DELIMITERS = new Set([...WHITESPACE, "{", "[", '"']);

function refString(body: string, start: number): { end: number; closed: boolean } {
  for (let i = start + 1; i < body.length; i++) {
    const c = body[i];
    if (c === "\\") i++;
    else if (c === '"') return { end: i + 1, closed: true };
  }
  return { end: body.length, closed: false };
}

function refContainer(body: string, start: number): { end: number; depth: number; closed: boolean } {
  let depth = 0;
  let deepest = 0;
  let i = start;
  while (i < body.length) {
    const c = body[i];
    if (c === '"') {
      const s = refString(body, i);
      if (!s.closed) return { end: body.length, depth: deepest, closed: false };
      i = s.end;
      continue;
    }
    if (c === "{" || c === "[") deepest = Math.max(deepest, ++depth);
    else if (c === "}" || c === "]") depth--;
    i++;
    if (depth <= 0) return { end: i, depth: deepest, closed: true };
  }
  return { end: body.length, depth: deepest, closed: false };
}

function refSplit(body: string): { text: string; depth: number; truncated: boolean }[] {
  const chunks: { text: string; depth: number; truncated: boolean }[] = [];
  let i = 0;
  while (i < body.length) {
    const c = body[i] as string;
    if (WHITESPACE.has(c)) {
      i++;
      continue;
    }
    if (c === "{" || c === "[") {
      const r = refContainer(body, i);
      chunks.push({ text: body.slice(i, r.end), depth: r.depth, truncated: !r.closed });
      i = r.end;
    } else if (c === '"') {
      const r = refString(body, i);
      chunks.push({ text: body.slice(i, r.end), depth: 0, truncated: !r.closed });
      i = r.end;
    } else {
      let end = i;
      while (end < body.length && !DELIMITERS.has(body[end] as string)) end++;
      end = Math.max(end, i + 1);
      chunks.push({ text: body.slice(i, end), depth: 0, truncated: false });
      i = end;
    }
  }
  return chunks;
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

describe("splitJsonValues matches the reference splitter", { timeout: 120_000 }, () => {
  it("on 10,000 random bodies of quotes, backslashes, brackets and whitespace", () => {
    const rand = rng(99);
    const alphabet = ['"', "\\", "\\", "{", "}", "[", "]", " ", "\n", "\t", "\r", "\uFEFF", "a", "1", ":", ","];
    for (let n = 0; n < 10_000; n++) {
      const body = Array.from({ length: Math.floor(rand() * 60) }, () => alphabet[Math.floor(rand() * alphabet.length)]).join("");
      expect(splitJsonValues(body), JSON.stringify(body)).toEqual(refSplit(body));
      for (const chunk of refSplit(body)) if (!chunk.truncated) expect(jsonDepth(chunk.text)).toBe(chunk.depth);
    }
  });

  it("on escape runs before quotes", () => {
    for (let k = 0; k < 8; k++) {
      const body = `{"a":"x${"\\".repeat(k)}"}{"b":1}"${"\\".repeat(k)}"`;
      expect(splitJsonValues(body)).toEqual(refSplit(body));
    }
  });
});
