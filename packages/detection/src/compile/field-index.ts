// The literal index of one field: an exact-match map for `eq` atoms, one substring searcher for
// the contains / prefix / suffix atoms (Aho-Corasick, or a skipping search when every needle is
// long), and the opaque `test` atoms (memoized per value when the field has few distinct values),
// each atom pointing at its rules.
import type { ValueMatcher } from "../model/values";
import type { OnHit } from "./aho-corasick";
import { AhoCorasick } from "./aho-corasick";
import type { Atom } from "./needs";
import { MIN_SKIP_NEEDLE, SkipSearch } from "./skip-search";

interface NeedleRules {
  contains: number[];
  prefix: number[];
  suffix: number[];
}

interface TestAtom {
  matcher: ValueMatcher;
  memo: boolean;
  rules: number[];
}

/** Marks a rule (by its index in the rule set) as a candidate for the current event. */
export type Mark = (rule: number) => void;

const MEMO_LIMIT = 4096;
const NO_MARKS: readonly number[] = [];
const TEXT_MEMO_LIMIT = 8192;
const TEXT_MEMO_MAX_CHARS = 512;
/** Memoizing stays on while at least this share of a window of lookups hit. */
const TEXT_MEMO_WINDOW = 4096;
const TEXT_MEMO_MIN_HIT_RATE = 0.5;

/** A compiled regex tests a long text for non-ASCII characters several times faster than a charCodeAt loop. */
const NON_ASCII = /[\u0080-\uffff]/;
/** Below this length the loop wins: a regex call costs more than reading a few dozen characters. */
const LOOP_ASCII_MAX = 32;

function isAscii(text: string): boolean {
  if (text.length > LOOP_ASCII_MAX) return !NON_ASCII.test(text);
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

interface Searcher {
  search(text: string, onHit: OnHit): void;
}

/** When a field's needles are searched with the skipping search (skip-search.ts) instead of Aho-Corasick. */
export interface SkipLimits {
  /** Shorter needles make the skips too small to pay. */
  minNeedle: number;
  /** Past this many needles their 2-character blocks cover most blocks of a text, and the search rarely skips. */
  maxNeedles: number;
}

/** A field's own values (hex hashes against hash needles: nearly every block is some needle's). */
const FIELD_SKIP: SkipLimits = { minNeedle: MIN_SKIP_NEEDLE, maxNeedles: 64 };

/**
 * Keyword needles are searched in every text of the event: whole records, command lines, paths,
 * hashes. There, 4-character windows still skip enough to beat Aho-Corasick with a hundred-odd
 * needles (the Windows keyword routes' 106 and 120 needles over the bench's event texts: about 1.7x).
 */
export const KEYWORD_SKIP: SkipLimits = { minNeedle: 4, maxNeedles: 256 };

function needlesShortest(needles: Iterable<string>): number {
  let min = Number.POSITIVE_INFINITY;
  for (const n of needles) min = Math.min(min, n.length);
  return min;
}

function searcher(needles: readonly string[], limits: SkipLimits): Searcher | undefined {
  if (needles.length === 0) return undefined;
  const skips = needles.length <= limits.maxNeedles && needles.every((n) => n.length >= limits.minNeedle);
  return skips ? new SkipSearch(needles) : new AhoCorasick(needles);
}

function push(list: number[], rule: number): void {
  if (list.at(-1) !== rule) list.push(rule);
}

export class FieldIndex {
  private readonly eq = new Map<string, number[]>();
  /** Lengths of the `eq` texts: an ASCII text of another length needs no lower-casing and lookup. */
  private readonly eqLengths = new Set<number>();
  /** Only contains / prefix / suffix atoms, the shortest this long: shorter ASCII texts hit nothing. */
  private needlesOnly = false;
  /** Every `eq` text and needle is ASCII (see `scanTextOnce`). */
  private asciiAtoms = false;
  private shortestNeedle = 0;
  private readonly byNeedle = new Map<string, NeedleRules>();
  private readonly byMatcher = new Map<ValueMatcher, TestAtom>();
  private memoTests: TestAtom[] = [];
  private directTests: TestAtom[] = [];
  /** Keyed by the scalar itself: a Map keeps types apart ("1" is not 1) with no key string to build. */
  private readonly memo = new Map<unknown, number[]>();
  private readonly textMemo = new Map<string, readonly number[]>();
  private textMemoOn = true;
  private textMemoLookups = 0;
  private textMemoHits = 0;
  private readonly anyRules: number[] = [];
  private automaton: Searcher | undefined;
  private needleRules: NeedleRules[] = [];
  private needleLength: number[] = [];
  private text = "";
  private mark: Mark = () => {};
  /** The marks of the text being memoized, passed on to `outer` as they come (no closure per scan). */
  private readonly recorded: number[] = [];
  private outer: Mark = () => {};
  private readonly record = (r: number): void => {
    this.recorded.push(r);
    this.outer(r);
  };
  private readonly onHit = (needle: number, end: number): void => {
    const rules = this.needleRules[needle] as NeedleRules;
    for (const r of rules.contains) this.mark(r);
    if (rules.prefix.length > 0 && end + 1 === this.needleLength[needle]) for (const r of rules.prefix) this.mark(r);
    // A text ending with U+0130 ends with "\u0307" once lower-cased: no needle ends there.
    if (rules.suffix.length > 0 && end === this.text.length - 1 && this.text.charCodeAt(end) !== 0x130) for (const r of rules.suffix) this.mark(r);
  };

  constructor(readonly field: string, readonly slot: number) {}

  add(atom: Atom, rule: number): void {
    if (atom.kind === "any") {
      push(this.anyRules, rule);
    } else if (atom.kind === "test") {
      let t = this.byMatcher.get(atom.matcher);
      if (!t) this.byMatcher.set(atom.matcher, (t = { matcher: atom.matcher, memo: atom.memo, rules: [] }));
      push(t.rules, rule);
    } else if (atom.kind === "eq") {
      const list = this.eq.get(atom.text) ?? [];
      push(list, rule);
      this.eq.set(atom.text, list);
    } else {
      let rules = this.byNeedle.get(atom.text);
      if (!rules) this.byNeedle.set(atom.text, (rules = { contains: [], prefix: [], suffix: [] }));
      push(rules[atom.kind], rule);
    }
  }

  /** Builds the automaton once every atom was added. */
  seal(limits: SkipLimits = FIELD_SKIP): void {
    for (const text of this.eq.keys()) this.eqLengths.add(text.length);
    this.shortestNeedle = needlesShortest(this.byNeedle.keys());
    this.needlesOnly = this.eq.size === 0 && this.byMatcher.size === 0 && this.anyRules.length === 0;
    this.asciiAtoms = [...this.eq.keys(), ...this.byNeedle.keys()].every(isAscii);
    const needles = [...this.byNeedle.keys()];
    this.needleRules = needles.map((n) => this.byNeedle.get(n) as NeedleRules);
    this.needleLength = needles.map((n) => n.length);
    this.automaton = searcher(needles, limits);
    const tests = [...this.byMatcher.values()];
    this.memoTests = tests.filter((t) => t.memo);
    this.directTests = tests.filter((t) => !t.memo);
  }

  get states(): number {
    return this.automaton instanceof AhoCorasick ? this.automaton.states : 0;
  }

  get atoms(): number {
    return this.eq.size + this.byNeedle.size + this.byMatcher.size + (this.anyRules.length > 0 ? 1 : 0);
  }

  /** False when no text of this length (ASCII) can hit an atom. */
  canHit(length: number): boolean {
    return !this.needlesOnly || length >= this.shortestNeedle;
  }

  get hasTests(): boolean {
    return this.byMatcher.size > 0;
  }

  /** Marks the rules that only need the field to hold a scalar (call when it does). */
  scanPresent(mark: Mark): void {
    for (const r of this.anyRules) mark(r);
  }

  /**
   * Marks the rules whose literal atoms hit `text` (a scalar of the field, as text). The marks
   * are a function of the text alone, so they are memoized per distinct text while that pays:
   * most fields repeat a few values (Image, Provider_Name, IntegrityLevel...); a field whose
   * texts mostly differ (command lines, hashes, raw records) stops memoizing after one window.
   */
  scanText(text: string, mark: Mark): void {
    if (!this.textMemoOn || text.length > TEXT_MEMO_MAX_CHARS) return this.scanTextOnce(text, mark);
    const known = this.textMemo.get(text);
    if (known) {
      this.textMemoHits++;
      for (let i = 0; i < known.length; i++) mark(known[i] as number);
    } else {
      this.recorded.length = 0;
      this.outer = mark;
      this.scanTextOnce(text, this.record);
      if (this.textMemo.size >= TEXT_MEMO_LIMIT) this.textMemo.clear();
      // Most texts mark nothing: they share one empty list.
      this.textMemo.set(text, this.recorded.length === 0 ? NO_MARKS : this.recorded.slice());
    }
    if (++this.textMemoLookups === TEXT_MEMO_WINDOW) {
      this.textMemoOn = this.textMemoHits >= TEXT_MEMO_WINDOW * TEXT_MEMO_MIN_HIT_RATE;
      if (!this.textMemoOn) this.textMemo.clear();
      this.textMemoLookups = 0;
      this.textMemoHits = 0;
    }
  }

  /** `scanText` without the memo, for texts that seldom repeat. */
  scanTextOnce(text: string, mark: Mark): void {
    // Lower-casing lengthens a text only through U+0130 ("i\u0307"), whose dot no ASCII needle holds:
    // without it, or with ASCII needles only, a text shorter than every needle hits none.
    if (this.needlesOnly && text.length < this.shortestNeedle && (this.asciiAtoms || text.indexOf("\u0130") < 0)) return;
    // Texts are matched lower-cased, as the index was built; the searchers fold ASCII case and read
    // U+212A and U+0130 as their lower case (aho-corasick.ts), so with ASCII atoms only no text
    // needs lower-casing to search: other non-ASCII characters hit nothing either way. (An `eq`
    // text is ASCII then: a text holding U+0130 never equals one, one holding U+212A keeps its length.)
    const lower = !this.asciiAtoms && !isAscii(text) ? text.toLowerCase() : undefined;
    const exactText = lower ?? text;
    if (this.eq.size > 0 && (lower !== undefined || this.eqLengths.has(text.length))) {
      const exact = this.eq.get(lower ?? text.toLowerCase());
      if (exact) for (const r of exact) mark(r);
    }
    if (!this.automaton) return;
    this.text = exactText;
    this.mark = mark;
    this.automaton.search(this.text, this.onHit);
  }

  /** Marks the rules whose `test` atoms hold for `value` (a scalar of the field). */
  scanValue(value: unknown, mark: Mark): void {
    for (const t of this.directTests) if (t.matcher.test(value)) for (const r of t.rules) mark(r);
    if (this.memoTests.length === 0) return;
    let hits = this.memo.get(value);
    if (!hits) {
      hits = [];
      for (const t of this.memoTests) if (t.matcher.test(value)) hits.push(...t.rules);
      if (this.memo.size >= MEMO_LIMIT) this.memo.clear();
      this.memo.set(value, hits);
    }
    for (const r of hits) mark(r);
  }
}
