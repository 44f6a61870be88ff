// A Sigma string value with its wildcards: `*` any run, `?` one character, `\` escapes
// `*`, `?` and `\`; a backslash before anything else is itself.
export const MANY: unique symbol = Symbol("*");
export const ONE: unique symbol = Symbol("?");
export type StringPart = string | typeof MANY | typeof ONE;

export function parseSigmaString(text: string): StringPart[] {
  const parts: StringPart[] = [];
  let literal = "";
  const flush = () => {
    if (literal) parts.push(literal);
    literal = "";
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    const next = text[i + 1];
    if (c === "\\" && (next === "*" || next === "?" || next === "\\")) {
      literal += next;
      i++;
    } else if (c === "*" || c === "?") {
      flush();
      parts.push(c === "*" ? MANY : ONE);
    } else literal += c;
  }
  flush();
  return parts;
}

export function hasWildcards(parts: readonly StringPart[]): boolean {
  return parts.some((p) => typeof p !== "string");
}

export function plainText(parts: readonly StringPart[]): string {
  return parts.filter((p): p is string => typeof p === "string").join("");
}

const REGEX_SPECIAL = /[.*+?^${}()|[\]\\/]/g;

export function toRegExpSource(parts: readonly StringPart[]): string {
  return parts.map((p) => (p === MANY ? ".*" : p === ONE ? "." : p.replace(REGEX_SPECIAL, "\\$&"))).join("");
}
