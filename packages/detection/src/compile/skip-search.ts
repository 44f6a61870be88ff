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

/**
 * `code` of every UTF-16 unit of a text: one load per character in the search loop instead of two
 * comparisons. U+212A (Kelvin) and U+0130 (I with dot) read as the ASCII letter their lower case
 * holds (see `foldText`), so no text needs lower-casing for ASCII needles.
 */
const CODES = Uint8Array.from({ length: 65536 }, (_, c) => code(foldText(c)));

/**
 * A text's character as a lower-case needle compares with it: ASCII letters in lower case, U+212A
 * as "k" and U+0130 as "i" (its lower case is "i\u0307", so a needle without U+0307 can only end
 * with that "i": searchers accept it there only, see `matchesAt`).
 */
export function foldText(c: number): number {
  if (c >= 65 && c <= 90) return c | 32;
  return c === 0x212a ? 107 : c === 0x130 ? 105 : c;
}

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

/** `needle` (lower-case) at `start` of `text`, the text's characters folded (`foldText`; U+0130 only last). */
function matchesAt(text: string, start: number, needle: string): boolean {
  const last = needle.length - 1;
  for (let i = 0; i <= last; i++) {
    const c = text.charCodeAt(start + i);
    const n = needle.charCodeAt(i);
    if (c !== n && (foldText(c) !== n || (c === 0x130 && i < last))) return false;
  }
  return true;
}
