// Recursive descent over the characters (values are context-sensitive: `source.ip:fe80::1` and
// `@timestamp:>=2026-11-27T10:00:00Z` hold colons). Precedence: NOT > AND > OR; juxtaposition is AND.
import { DEFAULT_LIMITS, QueryError } from "./ast";
import type { MatchNode, Node, QueryLimits, RangeBound } from "./ast";

const FIELD = /[A-Za-z_@][A-Za-z0-9_.@-]*:/y;
const BOUNDARY = /[\s()"]/;
const COMPARISONS = [">=", "<=", ">", "<"] as const;

export function parseQuery(text: string, limits: QueryLimits = DEFAULT_LIMITS): Node {
  if (text.length > limits.maxLength) {
    throw new QueryError(limits.maxLength + 1, `the query is ${text.length} characters long; at most ${limits.maxLength} are allowed`);
  }
  return new Parser(text, limits).parse();
}

/** Turns `*`/`?` into LIKE's `%`/`_` and escapes LIKE's own metacharacters; null when there is no wildcard. */
function likePattern(chars: { ch: string; escaped: boolean }[]): string | null {
  if (!chars.some((c) => !c.escaped && (c.ch === "*" || c.ch === "?"))) return null;
  return chars
    .map((c) => {
      if (!c.escaped && c.ch === "*") return "%";
      if (!c.escaped && c.ch === "?") return "_";
      return c.ch === "%" || c.ch === "_" || c.ch === "\\" ? `\\${c.ch}` : c.ch;
    })
    .join("");
}

class Parser {
  private pos = 0;
  private terms = 0;
  private depth = 0;

  constructor(
    private readonly src: string,
    private readonly limits: QueryLimits,
  ) {}

  parse(): Node {
    this.skipWs();
    if (this.atEnd()) return { kind: "all" };
    const node = this.orExpr();
    this.skipWs();
    if (!this.atEnd()) {
      throw this.error(this.src[this.pos] === ")" ? 'unexpected ")" without a matching "("' : `unexpected "${this.src[this.pos]}"`);
    }
    return node;
  }

  private orExpr(): Node {
    const children = [this.andExpr()];
    while (this.keyword("OR")) children.push(this.andExpr());
    return children.length === 1 ? children[0]! : { kind: "or", children };
  }

  private andExpr(): Node {
    const children = [this.notExpr()];
    for (;;) {
      this.skipWs();
      if (this.atEnd() || this.src[this.pos] === ")" || this.peekKeyword("OR")) break;
      this.keyword("AND");
      children.push(this.notExpr());
    }
    return children.length === 1 ? children[0]! : { kind: "and", children };
  }

  private notExpr(): Node {
    if (!this.keyword("NOT")) return this.primary();
    return this.nested(() => ({ kind: "not", child: this.notExpr() }));
  }

  private primary(): Node {
    this.skipWs();
    const start = this.pos;
    if (this.atEnd()) throw this.error(start > 0 ? `expected a term after "${this.lastWord()}"` : "expected a term");
    const ch = this.src[this.pos]!;
    if (ch === "(") return this.group();
    if (ch === ")") throw this.error('unexpected ")": expected a term');
    for (const k of ["AND", "OR"]) if (this.peekKeyword(k)) throw this.error(`expected a term before "${k}"`);
    FIELD.lastIndex = this.pos;
    const field = FIELD.exec(this.src);
    if (field) {
      this.pos += field[0].length;
      return this.fieldClause(field[0].slice(0, -1), start);
    }
    return this.match(null, start, `a term`);
  }

  private group(): Node {
    const open = this.pos;
    return this.nested(() => {
      this.pos++;
      this.skipWs();
      if (this.src[this.pos] === ")") throw this.error("empty parentheses");
      const inner = this.orExpr();
      this.skipWs();
      if (this.src[this.pos] !== ")") throw this.error(`missing ")" to close the "(" at position ${open + 1}`);
      this.pos++;
      return inner;
    });
  }

  private fieldClause(field: string, start: number): Node {
    const after = `"${field}:"`;
    if (this.atEnd() || /\s/.test(this.src[this.pos]!) || this.src[this.pos] === ")") throw this.error(`expected a value after ${after}`);
    const ch = this.src[this.pos]!;
    if (ch === "[" || ch === "{") return this.range(field, start);
    const op = COMPARISONS.find((c) => this.src.startsWith(c, this.pos));
    if (op) {
      this.pos += op.length;
      const bound = this.bound(`a value after "${field}:${op}"`, "");
      const inclusive = op.length === 2;
      return this.counted({ kind: "range", field, position: start + 1, ...(op[0] === ">" ? { lower: { ...bound, inclusive }, upper: null } : { lower: null, upper: { ...bound, inclusive } }) });
    }
    return this.match(field, start, `a value after ${after}`);
  }

  private range(field: string, start: number): Node {
    const lowerInclusive = this.src[this.pos] === "[";
    this.pos++;
    this.skipWs();
    const lower = this.bound(`a lower bound in the range of "${field}"`, "");
    this.skipWs();
    if (!this.keyword("TO")) throw this.error(`expected "TO" in the range of "${field}"`);
    this.skipWs();
    const upper = this.bound(`an upper bound in the range of "${field}"`, "]}");
    const close = this.src[this.pos];
    if (close !== "]" && close !== "}") throw this.error(`expected "]" or "}" to close the range of "${field}"`);
    this.pos++;
    return this.counted({
      kind: "range",
      field,
      position: start + 1,
      lower: lower.value === "*" ? null : { ...lower, inclusive: lowerInclusive },
      upper: upper.value === "*" ? null : { ...upper, inclusive: close === "]" },
    });
  }

  private bound(what: string, stops: string): Omit<RangeBound, "inclusive"> {
    const position = this.pos + 1;
    let value = "";
    while (!this.atEnd() && !/\s/.test(this.src[this.pos]!) && !stops.includes(this.src[this.pos]!) && this.src[this.pos] !== ")") {
      value += this.src[this.pos++];
    }
    if (!value) throw this.error(`expected ${what}`);
    return { value, position };
  }

  private match(field: string | null, start: number, what: string): MatchNode {
    const valuePosition = this.pos + 1;
    const phrase = this.src[this.pos] === '"';
    const chars = phrase ? this.phrase() : this.word();
    if (chars.length === 0 && !phrase) throw this.error(`expected ${what}`);
    const value = chars.map((c) => c.ch).join("");
    return this.counted({ kind: "match", field, value, like: phrase ? null : likePattern(chars), phrase, position: start + 1, valuePosition });
  }

  private word(): { ch: string; escaped: boolean }[] {
    const out: { ch: string; escaped: boolean }[] = [];
    while (!this.atEnd() && !BOUNDARY.test(this.src[this.pos]!)) {
      if (this.src[this.pos] === "\\" && this.pos + 1 < this.src.length) {
        out.push({ ch: this.src[this.pos + 1]!, escaped: true });
        this.pos += 2;
      } else out.push({ ch: this.src[this.pos++]!, escaped: false });
    }
    return out;
  }

  private phrase(): { ch: string; escaped: boolean }[] {
    const open = this.pos++;
    const out: { ch: string; escaped: boolean }[] = [];
    while (this.src[this.pos] !== '"') {
      if (this.atEnd()) throw new QueryError(open + 1, "unterminated quoted phrase (missing closing \")");
      if (this.src[this.pos] === "\\" && this.pos + 1 < this.src.length) this.pos++;
      out.push({ ch: this.src[this.pos++]!, escaped: true });
    }
    this.pos++;
    return out;
  }

  private counted<T extends Node>(node: T): T {
    if (++this.terms > this.limits.maxTerms) {
      throw this.error(`too many terms: at most ${this.limits.maxTerms} field clauses and words are allowed in one query`);
    }
    return node;
  }

  private nested<T>(fn: () => T): T {
    if (++this.depth > this.limits.maxDepth) throw this.error(`nesting too deep: at most ${this.limits.maxDepth} levels of parentheses and NOT`);
    const result = fn();
    this.depth--;
    return result;
  }

  private peekKeyword(k: string): boolean {
    this.skipWs();
    if (!this.src.startsWith(k, this.pos)) return false;
    const next = this.src[this.pos + k.length];
    return next === undefined || /[\s("]/.test(next);
  }

  private keyword(k: string): boolean {
    if (!this.peekKeyword(k)) return false;
    this.pos += k.length;
    return true;
  }

  private lastWord(): string {
    return this.src.slice(0, this.pos).trimEnd().split(/\s+/).pop() ?? "";
  }

  private skipWs(): void {
    while (!this.atEnd() && /\s/.test(this.src[this.pos]!)) this.pos++;
  }

  private atEnd(): boolean {
    return this.pos >= this.src.length;
  }

  private error(reason: string): QueryError {
    return new QueryError(this.pos + 1, reason);
  }
}
