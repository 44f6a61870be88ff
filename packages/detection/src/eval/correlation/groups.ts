// A tenant's correlation groups: by state key (`${correlationId}\u0000${groupKey}`, as snapshots
// hold them) and, for the occurrences, by correlation and group values. An occurrence of a known
// group then costs one lookup by its value as the event holds it, with no key string built: a
// fresh concatenated key is flattened and hashed on every map lookup.
import type { CorrelationRule } from "../../model/types";
import type { Entry, Occurrence } from "./types";

export interface Group {
  /** Key in the tenant state and snapshots. */
  readonly key: string;
  /** Key in matches: `field=value|...`. */
  readonly groupKey: string;
  /** Values per group-by field (set when the first occurrence after creation or restore finds the group). */
  groupValues: Record<string, string> | undefined;
  /** Sorted by time. */
  readonly entries: Entry[];
  /** The correlation id and value lookup this group is found by, once it was found by value. */
  lookup?: { ruleId: string; value: string };
}

export function text(value: unknown): string | undefined {
  if (value === undefined || value === null || typeof value === "object") return undefined;
  return String(value);
}

/** A correlation's group field for an occurrence of one of its rules, through `aliases`. */
export function groupField(rule: CorrelationRule, name: string, ruleId: string): string {
  return rule.aliases[name]?.[ruleId] ?? name;
}

function valuesOf(name: string, value: string): Record<string, string> {
  const values: Record<string, string> = {};
  values[name] = value;
  return values;
}

export class Groups {
  /** Correlation id -> group value (one group-by field) or group key (several) -> group. */
  private readonly byValue = new Map<string, Map<string, Group>>();

  constructor(readonly byKey = new Map<string, Group>()) {}

  /** Groups from a snapshot's entries (found by value again once an occurrence looks them up). */
  static restore(groups: Record<string, Entry[]>): Groups {
    return new Groups(new Map(Object.entries(groups).map(([key, entries]) => [key, { key, groupKey: key.slice(key.indexOf("\u0000") + 1), groupValues: undefined, entries }])));
  }

  get size(): number {
    return this.byKey.size;
  }

  /** The group of an occurrence of `rule` (created when new), or undefined when a group-by field has no value. */
  of(rule: CorrelationRule, occ: Occurrence): Group | undefined {
    let groups = this.byValue.get(rule.id);
    if (!groups) this.byValue.set(rule.id, (groups = new Map()));
    const { groupBy } = rule;
    if (groupBy.length === 1) {
      const name = groupBy[0] as string;
      const v = text(occ.field(groupField(rule, name, occ.ruleId)));
      if (v === undefined) return undefined;
      return groups.get(v) ?? this.find(rule, groups, v, `${name}=${v}`, valuesOf(name, v));
    }
    const groupValues: Record<string, string> = {};
    let groupKey = "";
    for (const name of groupBy) {
      const v = text(occ.field(groupField(rule, name, occ.ruleId)));
      if (v === undefined) return undefined;
      groupValues[name] = v;
      groupKey += `${groupKey === "" ? "" : "|"}${name}=${v}`;
    }
    return groups.get(groupKey) ?? this.find(rule, groups, groupKey, groupKey, groupValues);
  }

  private find(rule: CorrelationRule, groups: Map<string, Group>, value: string, groupKey: string, groupValues: Record<string, string>): Group {
    const key = `${rule.id}\u0000${groupKey}`;
    let group = this.byKey.get(key);
    if (!group) this.byKey.set(key, (group = { key, groupKey, groupValues, entries: [] }));
    group.groupValues ??= groupValues;
    group.lookup = { ruleId: rule.id, value };
    groups.set(value, group);
    return group;
  }

  get(key: string): Group | undefined {
    return this.byKey.get(key);
  }

  delete(group: Group): void {
    this.byKey.delete(group.key);
    if (group.lookup) this.byValue.get(group.lookup.ruleId)?.delete(group.lookup.value);
  }

  /** Key -> entries, as snapshots hold them. */
  entries(): Record<string, Entry[]> {
    const out: Record<string, Entry[]> = {};
    for (const [key, group] of this.byKey) out[key] = group.entries;
    return out;
  }
}
