// Exception conditions: the Sigma-filter equivalent a tenant adds to a rule without editing it.
// They are evaluated on what every match carries (single-event and correlation alike): the group
// key's `field=value` parts (a correlation's group-by values) and the extracted entities; any other
// field of a single-event match is read from its stored event (see suppress.ts).
import { BlockList, isIP } from "node:net";
import type { DetectionMatch, Entities } from "@vigil/detection";
import { z } from "zod";

export const EXCEPTION_OPS = ["equals", "contains", "cidr"] as const;
export type ExceptionOp = (typeof EXCEPTION_OPS)[number];

export interface ExceptionCondition {
  field: string;
  op: ExceptionOp;
  value: string;
}

/** Normalized field names backed by entities (the names the event rules' group keys use). */
export const ENTITY_FIELDS: Readonly<Record<string, keyof Entities>> = {
  "user.name": "user",
  "source.ip": "ip",
  "host.name": "host",
  "file.path": "file",
};

export const MAX_CONDITIONS = 10;

function validCidr(value: string): boolean {
  const [addr, bits, extra] = value.split("/");
  if (extra !== undefined || !addr) return false;
  const family = isIP(addr);
  if (family === 0) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return /^\d+$/.test(bits) && n >= 0 && n <= (family === 4 ? 32 : 128);
}

export const conditionSchema = z
  .object({
    field: z.string().trim().min(1, "field is required").max(200),
    op: z.enum(EXCEPTION_OPS),
    value: z.string().trim().min(1, "value is required").max(500),
  })
  .refine((c) => c.op !== "cidr" || validCidr(c.value), { message: "value must be an IP address or a CIDR block (e.g. 10.0.0.0/8)", path: ["value"] });

/** `user.name=alice|source.ip=10.0.0.5` -> [["user.name","alice"],["source.ip","10.0.0.5"]]; `event=<id>` is no field. */
export function groupKeyFields(groupKey: string): [string, string][] {
  const out: [string, string][] = [];
  for (const part of groupKey.split("|")) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    const name = part.slice(0, eq);
    if (name === "event") continue;
    out.push([name, part.slice(eq + 1)]);
  }
  return out;
}

/** The values a match has for `field` (case-insensitive name): its group-key value, else its entities. */
export function fieldValues(match: Pick<DetectionMatch, "groupKey" | "entities">, field: string): string[] {
  const wanted = field.toLowerCase();
  const fromKey = groupKeyFields(match.groupKey).filter(([name]) => name.toLowerCase() === wanted).map(([, v]) => v);
  if (fromKey.length > 0) return fromKey;
  const kind = ENTITY_FIELDS[wanted];
  return kind ? match.entities[kind] : [];
}

type Test = (value: string) => boolean;

function compileTest(c: ExceptionCondition): Test {
  const expected = c.value.toLowerCase();
  switch (c.op) {
    // Sigma compares strings case-insensitively unless `|cased`; exceptions follow it.
    case "equals": return (v) => v.toLowerCase() === expected;
    case "contains": return (v) => v.toLowerCase().includes(expected);
    case "cidr": {
      const [addr = "", bits] = c.value.split("/");
      const family = isIP(addr) === 6 ? "ipv6" : "ipv4";
      const list = new BlockList();
      list.addSubnet(addr, bits === undefined ? (family === "ipv4" ? 32 : 128) : Number(bits), family);
      return (v) => {
        const f = isIP(v);
        return f !== 0 && list.check(v, f === 6 ? "ipv6" : "ipv4");
      };
    }
  }
}

/** Values of a field the match itself does not carry (its events' other fields). */
export type FieldLookup = (field: string) => readonly string[];

export interface CompiledConditions {
  (match: Pick<DetectionMatch, "groupKey" | "entities">, lookup?: FieldLookup): boolean;
  /** Fields no match carries by itself: a match needs its events read to judge them. */
  readonly eventFields: (match: Pick<DetectionMatch, "groupKey">) => string[];
}

/**
 * True when every condition holds. A condition holds when the match has the field and EVERY value
 * of it passes: a correlation over alice and mallory is not hidden by an exception for alice.
 */
export function compileConditions(conditions: readonly ExceptionCondition[]): CompiledConditions {
  const tests = conditions.map((c) => ({ field: c.field, test: compileTest(c) }));
  const holds = (match: Pick<DetectionMatch, "groupKey" | "entities">, lookup?: FieldLookup) =>
    tests.every(({ field, test }) => {
      let values = fieldValues(match, field);
      if (values.length === 0 && lookup) values = [...lookup(field)];
      return values.length > 0 && values.every(test);
    });
  const eventFields = (match: Pick<DetectionMatch, "groupKey">) => {
    const keyed = new Set(groupKeyFields(match.groupKey).map(([name]) => name.toLowerCase()));
    return tests.map((t) => t.field).filter((f) => !keyed.has(f.toLowerCase()) && ENTITY_FIELDS[f.toLowerCase()] === undefined);
  };
  return Object.assign(holds, { eventFields });
}

/** A field's values on a stored event document as strings (arrays give each scalar). */
export function scalarStrings(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.flatMap(scalarStrings);
  if (typeof value === "string") return [value];
  if (typeof value === "number" || typeof value === "boolean") return [String(value)];
  return [];
}

/** Reads conditions stored as jsonb, dropping anything malformed (a bad row must never suppress). */
export function readConditions(json: unknown): ExceptionCondition[] | undefined {
  const parsed = z.array(conditionSchema).safeParse(json);
  return parsed.success ? parsed.data : undefined;
}
