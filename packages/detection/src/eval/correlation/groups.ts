// A tenant's correlation groups: by state key (`${correlationId}\u0000${groupKey}`, as snapshots
// hold them) and, for the occurrences, by correlation and group values. An occurrence of a known
// group then costs one lookup by its value as the event holds it, with no key string built: a
// fresh concatenated key is flattened and hashed on every map lookup.
import type { CorrelationRule } from "../../model/types";
import type { DistinctCounts } from "./distinct";
import type { Entry, Fired, Occurrence } from "./types";

export interface Group {
  /** Key in the tenant state and snapshots. */
  readonly key: string;
  /** Key in matches: `field=value|...`. */
  readonly groupKey: string;
  /** Values per group-by field (set when the first occurrence after creation or restore finds the group). */
  groupValues: Record<string, string> | undefined;
  /** Sorted by time. */
  readonly entries: Entry[];
  /** The correlation id this group is found by (with `value`), once it was found by value. */
  ruleId?: string;
  value?: string;
  /** value_count's distinct values over the newest entries (absent until needed, dropped when entries are inserted out of order). */
  distinct?: DistinctCounts;
  /** The tenant's `fired` record under `key`, read once (null: none); undefined until read or after the record is dropped. */
  fired?: Fired | null;
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

  /** Groups in `byKey` not yet found by value (restored from a snapshot): only then can a value miss hit a known key. */
  private unclaimed: number;

  constructor(readonly byKey = new Map<string, Group>()) {
    this.unclaimed = byKey.size;
  }

  /** Groups from a snapshot's entries (found by value again once an occurrence looks them up). */
  static restore(groups: Record<string, Entry[]>): Groups {
    return new Groups(new Map(Object.entries(groups).map(([key, entries]) => [key, { key, groupKey: key.slice(key.indexOf("\u0000") + 1), groupValues: undefined, entries, ruleId: undefined, value: undefined, distinct: undefined, fired: undefined }])));
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
    let group = this.unclaimed > 0 ? this.byKey.get(key) : undefined;
    if (group) {
      if (group.ruleId === undefined) this.unclaimed--;
      group.groupValues ??= groupValues;
    } else this.byKey.set(key, (group = { key, groupKey, groupValues, entries: [], ruleId: undefined, value: undefined, distinct: undefined, fired: undefined }));
    group.ruleId = rule.id;
    group.value = value;
    groups.set(value, group);
    return group;
  }

  get(key: string): Group | undefined {
    return this.byKey.get(key);
  }

  delete(group: Group): void {
    if (!this.byKey.delete(group.key)) return;
    if (group.ruleId === undefined) this.unclaimed--;
    else this.byValue.get(group.ruleId)?.delete(group.value as string);
  }

  /** Key -> entries, as snapshots hold them. */
  entries(): Record<string, Entry[]> {
    const out: Record<string, Entry[]> = {};
    for (const [key, group] of this.byKey) out[key] = group.entries;
    return out;
  }
}
