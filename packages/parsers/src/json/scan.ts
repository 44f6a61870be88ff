// Splits a body of concatenated JSON values (Splunk HEC allows `{..}{..}` with or without
// whitespace between them). A single pass tracks string/escape state and bracket depth with an
// integer counter, so hostile nesting cannot grow the stack.

export const MAX_JSON_DEPTH = 100;

export interface JsonChunk {
  text: string;
  /** Deepest bracket nesting seen in this chunk. */
  depth: number;
  /** Set when the body ended inside this chunk (unbalanced brackets or open string). */
  truncated: boolean;
}

// Character codes, not one-character strings: this scan touches every byte of every HEC body.
const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const BOM = 0xfeff;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

function isWhitespace(c: number): boolean {
  return c === SPACE || c === LF || c === CR || c === TAB || c === BOM;
}

function isDelimiter(c: number): boolean {
  return isWhitespace(c) || c === OPEN_BRACE || c === OPEN_BRACKET || c === QUOTE;
}

function scanScalar(body: string, start: number): number {
  let i = start;
  while (i < body.length && !isDelimiter(body.charCodeAt(i))) i++;
  return i;
}

/** The string opening at `start`: jumps between quotes with indexOf, checking escapes only there. */
function scanString(body: string, start: number): { end: number; closed: boolean } {
  let from = start + 1;
  for (;;) {
    const quote = body.indexOf('"', from);
    if (quote === -1) return { end: body.length, closed: false };
    // The quote is escaped when an odd number of backslashes precede it.
    let slashes = 0;
    for (let j = quote - 1; j > start && body.charCodeAt(j) === BACKSLASH; j--) slashes++;
    if (slashes % 2 === 0) return { end: quote + 1, closed: true };
    from = quote + 1;
  }
}

function scanContainer(body: string, start: number): { end: number; depth: number; closed: boolean } {
  let depth = 0;
  let deepest = 0;
  let i = start;
  while (i < body.length) {
    const c = body.charCodeAt(i);
    if (c === QUOTE) {
      const s = scanString(body, i);
      if (!s.closed) return { end: body.length, depth: deepest, closed: false };
      i = s.end;
      continue;
    }
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > deepest) deepest = depth;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
    i++;
    if (depth <= 0) return { end: i, depth: deepest, closed: true };
  }
  return { end: body.length, depth: deepest, closed: false };
}

/** Top-level JSON values of `body`, in order. Never throws. */
export function splitJsonValues(body: string): JsonChunk[] {
  const chunks: JsonChunk[] = [];
  let i = 0;
  while (i < body.length) {
    const c = body.charCodeAt(i);
    if (isWhitespace(c)) {
      i++;
      continue;
    }
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      const r = scanContainer(body, i);
      chunks.push({ text: body.slice(i, r.end), depth: r.depth, truncated: !r.closed });
      i = r.end;
    } else if (c === QUOTE) {
      const r = scanString(body, i);
      chunks.push({ text: body.slice(i, r.end), depth: 0, truncated: !r.closed });
      i = r.end;
    } else {
      const end = Math.max(scanScalar(body, i), i + 1);
      chunks.push({ text: body.slice(i, end), depth: 0, truncated: false });
      i = end;
    }
  }
  return chunks;
}

/** Deepest bracket nesting in one JSON text (strings skipped). */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) i = scanString(text, i).end - 1;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) deepest = Math.max(deepest, ++depth);
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
  }
  return deepest;
}
