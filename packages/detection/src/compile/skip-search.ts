// Multi-pattern substring search for long needles (Wu-Manber). Every needle is at least `m`
// characters long, so a window of the text's last `m` characters can only end an occurrence's
// first `m` characters when its last two characters are such a block of some needle; otherwise
// the window slides by as much as the table allows (up to m - 1 characters). With needles of 9+
// characters (keyword rules such as "Mimikatz Use") a scan reads about one character in six,
// where Aho-Corasick reads every one. Same contract as AhoCorasick (aho-corasick.ts).
import type { OnHit } from "./aho-corasick";

/** Shorter needles make the skips too small to beat Aho-Corasick. */
export const MIN_SKIP_NEEDLE = 5;
/** Only the first characters of each needle drive the shifts (they fit in a byte). */
const MAX_WINDOW = 64;

/** A character as one byte for the block hash: ASCII folded to lower case, others bucketed. */
function code(c: number): number {
  if (c >= 128) return 128 | (c & 127);
  return c >= 65 && c <= 90 ? c | 32 : c;
}

/** `code` of every UTF-16 unit: one load per character in the search loop instead of two comparisons. */
const CODES = Uint8Array.from({ length: 65536 }, (_, c) => code(c));

export class SkipSearch {
  private readonly window: number;
  /** Per 2-character block: how far the window may slide when it ends with that block. */
  private readonly shift: Uint8Array;
  /** Needles whose first `window` characters end with a block (the blocks whose shift is 0). */
  private readonly ending = new Map<number, number[]>();

  constructor(readonly needles: readonly string[]) {
    const shortest = needles.reduce((m, n) => Math.min(m, n.length), Number.POSITIVE_INFINITY);
    if (!(shortest >= 2)) throw new Error("SkipSearch needs needles of at least 2 characters");
    const m = Math.min(shortest, MAX_WINDOW);
    this.window = m;
    this.shift = new Uint8Array(65536).fill(m - 1);
    needles.forEach((needle, index) => {
      for (let q = 2; q <= m; q++) {
        const block = (code(needle.charCodeAt(q - 2)) << 8) | code(needle.charCodeAt(q - 1));
        this.shift[block] = Math.min(this.shift[block] as number, m - q);
      }
      const last = (code(needle.charCodeAt(m - 2)) << 8) | code(needle.charCodeAt(m - 1));
      const list = this.ending.get(last);
      if (list) list.push(index);
      else this.ending.set(last, [index]);
    });
  }

  search(text: string, onHit: OnHit): void {
    const { window: m, shift, ending, needles } = this;
    const n = text.length;
    for (let pos = m - 1; pos < n; ) {
      const block = ((CODES[text.charCodeAt(pos - 1)] as number) << 8) | (CODES[text.charCodeAt(pos)] as number);
      const s = shift[block] as number;
      if (s > 0) {
        pos += s;
        continue;
      }
      const start = pos - m + 1;
      for (const index of ending.get(block) as number[]) {
        const needle = needles[index] as string;
        if (start + needle.length <= n && matchesAt(text, start, needle)) onHit(index, start + needle.length - 1);
      }
      pos++;
    }
  }
}

/** `needle` (lower-case) at `start` of `text`, ASCII letters of the text folded to lower case. */
function matchesAt(text: string, start: number, needle: string): boolean {
  for (let i = 0; i < needle.length; i++) {
    let c = text.charCodeAt(start + i);
    if (c >= 65 && c <= 90) c |= 32;
    if (c !== needle.charCodeAt(i)) return false;
  }
  return true;
}
