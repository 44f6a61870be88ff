export { parseQuery } from "./parser";
export { compileQuery } from "./compiler";
export type { SqlFragment } from "./compiler";
export { KNOWN_FIELDS, lookupField } from "./fields";
export type { FieldDef, FieldType } from "./fields";
export { DEFAULT_LIMITS, QueryError } from "./ast";
export type { Node, QueryLimits } from "./ast";
