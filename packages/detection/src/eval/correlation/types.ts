// Correlation state, kept as plain JSON so `snapshot()` / `restore()` are a stringify away.
import type { Entities } from "../entities";
import type { Groups } from "./groups";

/** Something a correlation counts: a base rule's event match, or a referenced correlation's match. */
export interface Occurrence {
  /** Id of the rule (or correlation) that matched. */
  ruleId: string;
  /** Event time, epoch ms (for a correlation match: its last event). */
  time: number;
  /** Earliest event behind the occurrence, when earlier than `time` (a correlation match). */
  first?: number;
  /** Dedup key: an event id, or a correlation match id. */
  id: string;
  eventIds: string[];
  entities: Entities;
  /** Reads a field of the occurrence (the event, or the correlation's group values then last event). */
  field(name: string): unknown;
}

/** One occurrence inside a group's window (short keys: snapshots of busy tenants get large). */
export interface Entry {
  t: number;
  /** Earliest event behind the entry, when earlier than `t`. */
  f?: number;
  id: string;
  r: string;
  /** Group values, kept on entries of correlations evaluated when their window closes. */
  g?: Record<string, string>;
  /** The condition field's value, when the correlation has one. */
  v?: string | number;
  ids: string[];
  e: Entities;
}

/**
 * The last full emission of a lower-bound correlation for a group (value_percentile: per group
 * and value): the end of its window. Occurrences whose satisfied window starts at or before `end`
 * only feed the group's count-up update; a window starting after it is a new full match.
 */
export interface Fired {
  end: number;
}

export interface TenantState {
  /** Highest event time seen (epoch ms): events older than watermark - lateness are late. */
  watermark: number;
  late: number;
  /** `${correlationId}\u0000${groupKey}` -> the group's entries (sorted by time), also found by correlation and values. */
  groups: Groups;
  /** Keys of groups whose correlation is evaluated when the window closes (upper-bound conditions). */
  closing: Set<string>;
  /** Group key (value_percentile: group key + value) -> last emission (throttling). */
  fired: Map<string, Fired>;
}

/** A tenant's state in a snapshot: the same, with the groups as a plain object. */
export interface TenantSnapshot {
  watermark: number | null;
  late: number;
  groups: Record<string, Entry[]>;
  /** Absent in snapshots taken before emission throttling: nothing fired yet. */
  fired?: Record<string, Fired>;
}

export interface CorrelationSnapshot {
  version: 1;
  tenants: Record<string, TenantSnapshot>;
}
