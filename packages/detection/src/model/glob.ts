// Sigma wildcard strings made only of literals and `*` (no `?`), matched without a regex. The
// regex the reference semantics are written as (`^...$`, flags `s`, plus `i` when not cased) is
// equivalent here: `.*` with `s` matches any run of code units, so the pattern holds when the
// first literal starts the text, the last one ends it, and the middle ones occur in order between
// them (leftmost occurrence each, the classic glob walk). Case-insensitive matching is only
// compiled here for ASCII literals: a non-unicode `/i` regex folds ASCII letters and never maps a
// non-ASCII character onto an ASCII one, which is exactly the ASCII folding done below.
import type { StringPart } from "./sigma-string";
import { MANY, ONE } from "./sigma-string";

export type TextTest = (text: string) => boolean;

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** Whether `text` holds `needle` at `at`; `fold`: ASCII letters of `text` compare lower-cased (`needle` is lower-case). */
function holdsAt(text: string, at: number, needle: string, fold: boolean): boolean {
  for (let i = 0; i < needle.length; i++) {
    let c = text.charCodeAt(at + i);
    if (fold && c >= 65 && c <= 90) c += 32;
    if (c !== needle.charCodeAt(i)) return false;
  }
  return true;
}

function indexIn(text: string, needle: string, from: number, end: number, fold: boolean): number {
  if (!fold) {
    const i = text.indexOf(needle, from);
    return i >= 0 && i + needle.length <= end ? i : -1;
  }
  for (let i = from; i + needle.length <= end; i++) if (holdsAt(text, i, needle, true)) return i;
  return -1;
}

/** A matcher for `parts` when it can be compiled without a regex, else undefined. */
export function globTest(parts: readonly StringPart[], cased: boolean): TextTest | undefined {
  if (!parts.includes(MANY) || parts.includes(ONE)) return undefined;
  const literals = parts.filter((p): p is string => typeof p === "string");
  if (!cased && !literals.every(isAscii)) return undefined;
  const fold = !cased;
  const norm = (s: string) => (fold ? s.toLowerCase() : s);
  const head = typeof parts[0] === "string" ? norm(parts[0]) : undefined;
  const last = parts[parts.length - 1];
  const tail = parts.length > 1 && typeof last === "string" ? norm(last) : undefined;
  const middle = parts.slice(head === undefined ? 0 : 1, tail === undefined ? parts.length : -1).filter((p): p is string => p !== MANY).map(norm);
  return (text) => {
    let from = 0;
    let end = text.length;
    if (head !== undefined) {
      if (head.length > end || !holdsAt(text, 0, head, fold)) return false;
      from = head.length;
    }
    if (tail !== undefined) {
      if (end - tail.length < from || !holdsAt(text, end - tail.length, tail, fold)) return false;
      end -= tail.length;
    }
    for (const needle of middle) {
      const at = indexIn(text, needle, from, end, fold);
      if (at < 0) return false;
      from = at + needle.length;
    }
    return true;
  };
}
