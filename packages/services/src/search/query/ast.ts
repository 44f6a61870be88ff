// The query language's syntax tree. Positions are 1-based character offsets into the query text,
// so every error can say where the analyst has to look.

export type Node = AllNode | AndNode | OrNode | NotNode | MatchNode | RangeNode;

export interface AllNode {
  kind: "all";
}
export interface AndNode {
  kind: "and";
  children: Node[];
}
export interface OrNode {
  kind: "or";
  children: Node[];
}
export interface NotNode {
  kind: "not";
  child: Node;
}

/** `field:value`, `field:"a phrase"`, `field:al*ce`, or free text (`field` null) matched against the raw event. */
export interface MatchNode {
  kind: "match";
  field: string | null;
  /** The value with escapes removed (what an exact comparison uses). */
  value: string;
  /** A LIKE pattern when the value holds unescaped `*` or `?`, else null. */
  like: string | null;
  phrase: boolean;
  position: number;
  /** Where the value starts (for "not a number" style errors). */
  valuePosition: number;
}

export interface RangeBound {
  value: string;
  inclusive: boolean;
  position: number;
}

/** `field:[a TO b]`, `field:{a TO b}`, `field:>=a` ...; a missing bound is open. */
export interface RangeNode {
  kind: "range";
  field: string;
  lower: RangeBound | null;
  upper: RangeBound | null;
  position: number;
}

export class QueryError extends Error {
  constructor(
    readonly position: number,
    readonly reason: string,
  ) {
    super(`position ${position}: ${reason}`);
    this.name = "QueryError";
  }
}

export interface QueryLimits {
  /** Characters in the query text. */
  maxLength: number;
  /** Field clauses and free-text terms. */
  maxTerms: number;
  /** Nesting of parentheses and NOTs. */
  maxDepth: number;
}

export const DEFAULT_LIMITS: QueryLimits = { maxLength: 4096, maxTerms: 100, maxDepth: 16 };
