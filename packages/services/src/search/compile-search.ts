// Query text -> WHERE fragment, with the parser's position-bearing errors as BAD_REQUEST AppErrors.
import { AppError } from "../errors";
import { compileQuery, parseQuery, QueryError } from "./query";
import type { SqlFragment } from "./query";

export interface QueryErrorDetails {
  /** 1-based character position in the query text. */
  position: number;
  reason: string;
}

export function compileSearch(query: string, firstParam: number): SqlFragment {
  try {
    return compileQuery(parseQuery(query), firstParam);
  } catch (error) {
    if (error instanceof QueryError) {
      const details: QueryErrorDetails = { position: error.position, reason: error.reason };
      throw new AppError("BAD_REQUEST", error.message, details);
    }
    throw error;
  }
}

export function validateWindow(from: Date, to: Date): void {
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) throw new AppError("BAD_REQUEST", "from and to must be valid dates");
  if (to <= from) throw new AppError("BAD_REQUEST", "to must be after from");
}
