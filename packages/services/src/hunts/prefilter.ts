// What a hunt may push down to SQL without ever deciding a match the engine would not make:
// the time range (exact), and for rule sets of Windows rules only, "the event is a Windows
// record" - the very test the vigil and windows pipelines apply before any Windows rule sees an event
// (`original.Channel` is a non-empty string). receiver / sourcetype are not used: they name the
// transport, not the logsource, so filtering on them could drop events a rule matches.
import type { RuleSet } from "@vigil/detection";

export interface Prefilter {
  /** SQL condition over `events` (AND-ed after tenant and time range); "true" when none. */
  sql: string;
  /** Why, for the hunt's answer (shown to the analyst). */
  description: string;
}

const WINDOWS_RECORD = `jsonb_typeof(doc->'original'->'Channel') = 'string' and doc->'original'->>'Channel' <> ''`;

export function huntPrefilter(set: RuleSet): Prefilter {
  const windowsOnly = set.rules.length > 0 && set.rules.every((r) => r.logsource.product?.toLowerCase() === "windows");
  if (windowsOnly) return { sql: WINDOWS_RECORD, description: "time range; Windows records only (every rule has product: windows)" };
  return { sql: "true", description: "time range" };
}
