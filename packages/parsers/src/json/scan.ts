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

const WHITESPACE = new Set([" ", "\t", "\n", "\r", "\uFEFF"]);
const DELIMITERS = new Set([...WHITESPACE, "{", "[", '"']);

function scanScalar(body: string, start: number): number {
  let i = start;
  while (i < body.length && !DELIMITERS.has(body[i] as string)) i++;
  return i;
}

function scanString(body: string, start: number): { end: number; closed: boolean } {
  for (let i = start + 1; i < body.length; i++) {
    const c = body[i];
    if (c === "\\") i++;
    else if (c === '"') return { end: i + 1, closed: true };
  }
  return { end: body.length, closed: false };
}

function scanContainer(body: string, start: number): { end: number; depth: number; closed: boolean } {
  let depth = 0;
  let deepest = 0;
  let i = start;
  while (i < body.length) {
    const c = body[i];
    if (c === '"') {
      const s = scanString(body, i);
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

/** Top-level JSON values of `body`, in order. Never throws. */
export function splitJsonValues(body: string): JsonChunk[] {
  const chunks: JsonChunk[] = [];
  let i = 0;
  while (i < body.length) {
    const c = body[i] as string;
    if (WHITESPACE.has(c)) {
      i++;
      continue;
    }
    if (c === "{" || c === "[") {
      const r = scanContainer(body, i);
      chunks.push({ text: body.slice(i, r.end), depth: r.depth, truncated: !r.closed });
      i = r.end;
    } else if (c === '"') {
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
    const c = text[i];
    if (c === '"') i = scanString(text, i).end - 1;
    else if (c === "{" || c === "[") deepest = Math.max(deepest, ++depth);
    else if (c === "}" || c === "]") depth--;
  }
  return deepest;
}
