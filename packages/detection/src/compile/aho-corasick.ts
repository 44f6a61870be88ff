// Multi-pattern substring search (Aho-Corasick). Each ASCII character that occurs in the
// needles gets a symbol, the other ASCII characters share symbol 0, and non-ASCII characters
// fall into a few hashed buckets (a hit on a needle holding non-ASCII characters is confirmed
// against the text). The shallow states, where a scan spends most of its steps, get dense
// transition rows, and so do deeper states with many children (common path prefixes such as
// `\windows\system32\`); the other deeper states keep their few children and a failure
// link. Tens of thousands of needles then fit in a few MB, so a scan stays in cache.
import { foldText } from "./skip-search";

/**
 * Called with the needle's index and the index of its last character in the text. Needles must
 * be lower-case; ASCII letters of the text match case-insensitively, and U+212A / U+0130 as the
 * "k" / "i\u0307" of their lower case (`foldText`), so for ASCII needles the hits are those of the
 * lower-cased text, at the text's own positions (texts holding other non-ASCII characters must be
 * lower-cased by the caller for non-ASCII needles).
 */
export type OnHit = (needle: number, end: number) => void;

const WIDE_BUCKETS = 8;
const DENSE_DEPTH = 4;
/** Deeper states with this many children get a dense row too: a linear search over their children on each step is what costs. */
const DENSE_CHILDREN = 3;

interface Trie {
  children: Map<number, number>[];
  terminal: number[];
  depth: number[];
  /** Next needle ending at the same state (needles differing only in bucketed characters), or -1. */
  sameEnd: number[];
}

function buildTrie(needles: readonly string[], symbol: (c: number) => number): Trie {
  const trie: Trie = { children: [new Map()], terminal: [-1], depth: [0], sameEnd: needles.map(() => -1) };
  needles.forEach((needle, index) => {
    let state = 0;
    for (let i = 0; i < needle.length; i++) {
      const sym = symbol(needle.charCodeAt(i));
      const children = trie.children[state] as Map<number, number>;
      let child = children.get(sym);
      if (child === undefined) {
        child = trie.children.length;
        children.set(sym, child);
        trie.children.push(new Map());
        trie.terminal.push(-1);
        trie.depth.push(i + 1);
      }
      state = child;
    }
    trie.sameEnd[index] = trie.terminal[state] as number;
    trie.terminal[state] = index;
  });
  return trie;
}

export class AhoCorasick {
  readonly needles: readonly string[];
  private readonly ascii = new Int32Array(128);
  /** First bucket symbol for non-ASCII characters; 0 when no needle has any. */
  private readonly wideBase: number;
  readonly symbols: number;
  /** Dense row of a state (or -1); rows hold the full DFA transition per symbol. */
  private readonly row: Int32Array;
  private readonly dense: Int32Array;
  /** Sparse children of the deeper states: [childStart[s], childStart[s + 1]) in childSym/childState. */
  private readonly childStart: Int32Array;
  private readonly childSym: Int32Array;
  private readonly childState: Int32Array;
  private readonly fail: Int32Array;
  /** Needle ending exactly at a state, or -1. */
  private readonly terminal: Int32Array;
  /** The state itself when it ends a needle, else its dictionary link; 0 = no output. */
  private readonly firstOut: Int32Array;
  /** Nearest proper suffix state (via failure links) that ends a needle; 0 = none. */
  private readonly dictLink: Int32Array;
  /** 1 for needles holding non-ASCII characters (bucket hits must be confirmed). */
  private readonly confirm: Uint8Array;
  /** Other needles ending at the same state as a needle (chain, -1 ends it). */
  private readonly sameEnd: Int32Array;
  /** 1 for the symbols some needle starts with: at the root, any other character is skipped. */
  private readonly starts: Uint8Array;

  constructor(needles: readonly string[]) {
    this.needles = needles;
    let next = 1;
    let wide = false;
    for (const needle of needles) {
      for (let i = 0; i < needle.length; i++) {
        const c = needle.charCodeAt(i);
        if (c >= 128) wide = true;
        else if (this.ascii[c] === 0) this.ascii[c] = next++;
      }
    }
    // Needles are lower-case: upper-case ASCII in a text scans as its lower-case letter.
    for (let c = 65; c <= 90; c++) this.ascii[c] = this.ascii[c + 32] as number;
    this.wideBase = wide ? next : 0;
    this.symbols = wide ? next + WIDE_BUCKETS : next;
    this.confirm = Uint8Array.from(needles, (n) => ([...n].some((ch) => ch.charCodeAt(0) >= 128) ? 1 : 0));
    const trie = buildTrie(needles, (c) => this.symbol(c));
    const count = trie.children.length;
    this.terminal = Int32Array.from(trie.terminal);
    this.sameEnd = Int32Array.from(trie.sameEnd);
    this.childStart = new Int32Array(count + 1);
    const syms: number[] = [];
    const states: number[] = [];
    trie.children.forEach((children, s) => {
      this.childStart[s] = syms.length;
      for (const [sym, child] of children) {
        syms.push(sym);
        states.push(child);
      }
    });
    this.childStart[count] = syms.length;
    this.childSym = Int32Array.from(syms);
    this.childState = Int32Array.from(states);
    this.row = new Int32Array(count).fill(-1);
    let rows = 0;
    trie.depth.forEach((d, s) => {
      if (d <= DENSE_DEPTH || (trie.children[s] as Map<number, number>).size >= DENSE_CHILDREN) this.row[s] = rows++;
    });
    this.dense = new Int32Array(rows * this.symbols);
    this.fail = new Int32Array(count);
    this.dictLink = new Int32Array(count);
    this.link(trie);
    this.firstOut = this.terminal.map((t, state) => (t >= 0 ? state : (this.dictLink[state] as number)));
    this.starts = new Uint8Array(this.symbols);
    for (const sym of (trie.children[0] as Map<number, number>).keys()) this.starts[sym] = 1;
  }

  get states(): number {
    return this.terminal.length;
  }

  /** A text's non-ASCII character: U+212A / U+0130 as their ASCII lower case (`foldText`), others bucketed. */
  private wideSymbol(c: number): number {
    if (c === 0x212a || c === 0x130) return this.ascii[foldText(c)] as number;
    return this.wideBase === 0 ? 0 : this.wideBase + (c % WIDE_BUCKETS);
  }

  /** A character's symbol (lower-case needles hold neither U+212A nor U+0130, so they read as before). */
  private symbol(c: number): number {
    return c < 128 ? (this.ascii[c] as number) : this.wideSymbol(c);
  }

  /** Breadth-first: failure and dictionary links, and the dense rows of the shallow states. */
  private link(trie: Trie): void {
    const queue: number[] = [0];
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head] as number;
      const f = this.fail[state] as number;
      this.dictLink[state] = state === 0 ? 0 : (this.terminal[f] as number) >= 0 ? f : (this.dictLink[f] as number);
      const r = this.row[state] as number;
      for (let sym = 0; sym < this.symbols; sym++) {
        const child = (trie.children[state] as Map<number, number>).get(sym);
        const viaFail = state === 0 ? 0 : this.step(f, sym);
        if (child !== undefined) {
          this.fail[child] = viaFail;
          queue.push(child);
        }
        if (r >= 0) this.dense[r * this.symbols + sym] = child ?? viaFail;
      }
    }
  }

  private step(from: number, sym: number): number {
    const { row, dense, symbols, childStart, childSym, childState, fail } = this;
    let state = from;
    for (;;) {
      const r = row[state] as number;
      if (r >= 0) return dense[r * symbols + sym] as number;
      const end = childStart[state + 1] as number;
      for (let k = childStart[state] as number; k < end; k++) if (childSym[k] === sym) return childState[k] as number;
      state = fail[state] as number;
    }
  }

  search(text: string, onHit: OnHit): void {
    const { ascii, terminal, dictLink, firstOut, confirm, needles, row, dense, symbols, sameEnd, starts } = this;
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      const sym = c < 128 ? (ascii[c] as number) : this.wideSymbol(c);
      if (state === 0 && starts[sym] === 0) continue;
      const r = row[state] as number;
      state = r >= 0 ? (dense[r * symbols + sym] as number) : this.step(state, sym);
      let out = firstOut[state] as number;
      while (out !== 0) {
        for (let needle = terminal[out] as number; needle >= 0; needle = sameEnd[needle] as number) {
          const n = needles[needle] as string;
          if (confirm[needle] === 0 || text.startsWith(n, i + 1 - n.length)) onHit(needle, i);
        }
        out = dictLink[out] as number;
      }
      // U+0130 lower-cases to "i\u0307": the dot follows the "i".
      if (c === 0x130) state = this.step(state, this.wideSymbol(0x307));
    }
  }
}
