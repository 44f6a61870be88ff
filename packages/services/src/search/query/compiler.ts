// Syntax tree -> SQL boolean expression over the `events` table. Every value becomes a $n
// parameter; identifiers come only from the field allow-list (fields.ts).
import { isIP } from "node:net";
import { QueryError } from "./ast";
import type { MatchNode, Node, RangeBound, RangeNode } from "./ast";
import { lookupField } from "./fields";
import type { FieldDef } from "./fields";

export interface SqlFragment {
  sql: string;
  params: unknown[];
}

// Casting a malformed stored address to inet would abort the whole query: only cast what looks like one.
const IPV4 = String.raw`^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$`;
const H = "[0-9a-f]{1,4}";
const IPV6 = `^(${[
  `(${H}:){7}${H}`,
  `(${H}:){1,7}:`,
  `(${H}:){1,6}:${H}`,
  `(${H}:){1,5}(:${H}){1,2}`,
  `(${H}:){1,4}(:${H}){1,3}`,
  `(${H}:){1,3}(:${H}){1,4}`,
  `(${H}:){1,2}(:${H}){1,5}`,
  `${H}:(:${H}){1,6}`,
  `:((:${H}){1,7}|:)`,
].join("|")})$`;
const NUMBER = /^-?\d+(\.\d+)?$/;

/** Compiles `node` into a WHERE fragment whose placeholders start at `$firstParam`. */
export function compileQuery(node: Node, firstParam = 1): SqlFragment {
  const params: unknown[] = [];
  const param = (value: unknown, cast = ""): string => {
    params.push(value);
    return `$${firstParam + params.length - 1}${cast}`;
  };
  const sql = compileNode(node, param);
  return { sql, params };
}

type Param = (value: unknown, cast?: string) => string;

function compileNode(node: Node, param: Param): string {
  switch (node.kind) {
    case "all":
      return "true";
    case "and":
      return `(${node.children.map((c) => compileNode(c, param)).join(" and ")})`;
    case "or":
      return `(${node.children.map((c) => compileNode(c, param)).join(" or ")})`;
    case "not":
      // A missing field makes a comparison NULL; NOT must still keep those events.
      return `(not coalesce(${compileNode(node.child, param)}, false))`;
    case "match":
      return compileMatch(node, param);
    case "range":
      return compileRange(node, param);
  }
}

function field(name: string, position: number): FieldDef {
  const found = lookupField(name);
  if (!found.ok) throw new QueryError(position, found.reason);
  return found.def;
}

function numeric(def: FieldDef): string {
  return def.json ? `(case when jsonb_typeof(${def.json}) = 'number' then ${def.sql}::numeric end)` : `${def.sql}::numeric`;
}

function inet(def: FieldDef): string {
  return `(case when ${def.sql} ~ '${IPV4}' or ${def.sql} ~* '${IPV6}' then ${def.sql}::inet end)`;
}

function compileMatch(node: MatchNode, param: Param): string {
  if (node.field === null) {
    if (node.value === "*" && node.like) return "true";
    const pattern = node.like ?? node.value.replace(/[\\%_]/g, (c) => `\\${c}`);
    return `(raw ilike ${param(`%${pattern}%`)})`;
  }
  const def = field(node.field, node.position);
  if (!node.phrase && node.value === "*") return `(${def.sql} is not null)`;
  if (node.like) {
    if (def.type === "number" || def.type === "date") throw new QueryError(node.valuePosition, `wildcards do not apply to ${def.type} field "${def.name}"`);
    return `(${def.sql} like ${param(node.like)})`;
  }
  switch (def.type) {
    case "number":
      return `(${numeric(def)} = ${param(number(node.value, def, node.valuePosition), "::numeric")})`;
    case "date":
      return `(${def.sql} = ${param(date(node.value, def, node.valuePosition), "::timestamptz")})`;
    case "ip":
      if (node.value.includes("/")) return `(${inet(def)} <<= ${param(cidr(node.value, def, node.valuePosition), "::inet")})`;
      return `(${def.sql} = ${param(node.value)})`;
    case "text":
      return `(${def.sql} ilike ${param(`%${node.value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)})`;
    default:
      return `(${def.sql} = ${param(node.value)})`;
  }
}

function compileRange(node: RangeNode, param: Param): string {
  const def = field(node.field, node.position);
  const typed = (b: RangeBound): { value: unknown; cast: string } => {
    if (def.type === "number") return { value: number(b.value, def, b.position), cast: "::numeric" };
    if (def.type === "date") return { value: date(b.value, def, b.position), cast: "::timestamptz" };
    if (def.type === "ip") {
      if (isIP(b.value) === 0) throw new QueryError(b.position, `"${b.value}" is not an IP address (${def.name} ranges take IP addresses)`);
      return { value: b.value, cast: "::inet" };
    }
    throw new QueryError(node.position, `ranges apply to number, IP and date fields; "${def.name}" is ${def.type}`);
  };
  const expr = def.type === "number" ? numeric(def) : def.type === "ip" ? inet(def) : def.sql;
  const parts: string[] = [];
  for (const [b, ops] of [[node.lower, [">", ">="]], [node.upper, ["<", "<="]]] as const) {
    if (!b) continue;
    const { value, cast } = typed(b);
    parts.push(`${expr} ${b.inclusive ? ops[1] : ops[0]} ${param(value, cast)}`);
  }
  if (parts.length === 0) return `(${def.sql} is not null)`;
  return `(${parts.join(" and ")})`;
}

function number(value: string, def: FieldDef, position: number): string {
  if (!NUMBER.test(value)) throw new QueryError(position, `"${value}" is not a number (${def.name} is numeric)`);
  return value;
}

function date(value: string, def: FieldDef, position: number): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new QueryError(position, `"${value}" is not a date (${def.name} takes ISO 8601, e.g. 2026-11-27T10:00:00Z)`);
  return new Date(ms).toISOString();
}

function cidr(value: string, def: FieldDef, position: number): string {
  const [addr, bits, extra] = value.split("/");
  const version = isIP(addr ?? "");
  const max = version === 4 ? 32 : 128;
  if (version === 0 || extra !== undefined || !/^\d{1,3}$/.test(bits ?? "") || Number(bits) > max) {
    throw new QueryError(position, `"${value}" is not a CIDR block (${def.name} takes an address, a CIDR such as 10.0.0.0/8, or a range)`);
  }
  return value;
}
