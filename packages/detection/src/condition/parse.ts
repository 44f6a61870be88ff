// Sigma condition grammar -> AND/OR/NOT tree. Precedence: not > and > or; `1 of x*`,
// `all of them`, parentheses. Recursive descent with a nesting cap (conditions are short).
import type { ConditionNode } from "./types";

export class ConditionError extends Error {}

interface Token {
  text: string;
  pos: number;
}

const MAX_NESTING = 64;

function tokenize(condition: string): Token[] {
  const tokens: Token[] = [];
  const re = /\s*([()]|[^\s()]+)/gy;
  let m: RegExpExecArray | null;
  while ((m = re.exec(condition)) !== null) tokens.push({ text: m[1] as string, pos: m.index + m[0].length - (m[1] as string).length });
  return tokens;
}

function wildcardToRegExp(pattern: string): RegExp {
  const src = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${src}$`);
}

class Parser {
  private i = 0;
  private depth = 0;
  constructor(private readonly tokens: Token[], private readonly names: readonly string[]) {}

  parse(): ConditionNode {
    if (this.tokens.length === 0) throw new ConditionError("empty condition");
    const node = this.or();
    const extra = this.tokens[this.i];
    if (extra) throw new ConditionError(`unexpected "${extra.text}" at position ${extra.pos}`);
    return node;
  }

  private peek(): string | undefined {
    return this.tokens[this.i]?.text.toLowerCase();
  }

  private next(what: string): Token {
    const t = this.tokens[this.i++];
    if (!t) throw new ConditionError(`condition ended early: expected ${what}`);
    return t;
  }

  private binary(op: "or" | "and", operand: () => ConditionNode): ConditionNode {
    const children = [operand()];
    while (this.peek() === op) {
      this.i++;
      children.push(operand());
    }
    return children.length === 1 ? (children[0] as ConditionNode) : { type: op, children };
  }

  private or(): ConditionNode {
    return this.binary("or", () => this.and());
  }

  private and(): ConditionNode {
    return this.binary("and", () => this.unary());
  }

  private unary(): ConditionNode {
    if (++this.depth > MAX_NESTING) throw new ConditionError(`condition nested deeper than ${MAX_NESTING} levels`);
    try {
      if (this.peek() === "not") {
        this.i++;
        return { type: "not", child: this.unary() };
      }
      return this.primary();
    } finally {
      this.depth--;
    }
  }

  private primary(): ConditionNode {
    const t = this.next("a selection name, 'not', 'N of' or '('");
    const word = t.text.toLowerCase();
    if (word === "(") {
      const node = this.or();
      const close = this.next("')'");
      if (close.text !== ")") throw new ConditionError(`expected ")" at position ${close.pos}, got "${close.text}"`);
      return node;
    }
    if (this.tokens[this.i]?.text.toLowerCase() === "of") return this.quantified(t);
    if (["and", "or", "of", ")", "them"].includes(word)) throw new ConditionError(`unexpected "${t.text}" at position ${t.pos}`);
    if (!this.names.includes(t.text)) throw new ConditionError(`unknown selection "${t.text}" at position ${t.pos}`);
    return { type: "ref", name: t.text };
  }

  private quantified(quantifier: Token): ConditionNode {
    const q = quantifier.text.toLowerCase();
    const min = q === "all" ? "all" : q === "any" ? 1 : Number(q);
    if (min !== "all" && (!Number.isInteger(min) || min < 1)) {
      throw new ConditionError(`invalid quantifier "${quantifier.text}" at position ${quantifier.pos}`);
    }
    this.i++; // "of"
    const target = this.next("'them' or a selection pattern");
    const names = target.text === "them"
      ? this.names.filter((n) => !n.startsWith("_"))
      : this.names.filter((n) => wildcardToRegExp(target.text).test(n));
    if (names.length === 0) throw new ConditionError(`"${target.text}" at position ${target.pos} matches no selection`);
    return { type: "of", min, names };
  }
}

/** Parses one condition string against the rule's selection names. Throws ConditionError. */
export function parseCondition(condition: string, selectionNames: readonly string[]): ConditionNode {
  return new Parser(tokenize(condition), selectionNames).parse();
}
