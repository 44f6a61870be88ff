// The rule text of a retro-hunt -> a rule set the engine runs. One text may hold several YAML
// documents (a correlation and the rules it references). Any rule that does not load fails the
// whole hunt with every reason listed: a hunt silently missing one of its rules would report
// "no matches" for a rule that never ran.
import type { RuleSet } from "@vigil/detection";
import { loadRules } from "@vigil/detection";
import { AppError } from "../errors";

/** Rule text larger than this is not a hunt but a rule pack (import it instead). */
export const MAX_HUNT_RULE_BYTES = 256 * 1024;
const HUNT_FILE = "hunt.yml";

export function huntRuleSet(text: string): RuleSet {
  if (Buffer.byteLength(text, "utf8") > MAX_HUNT_RULE_BYTES) {
    throw new AppError("BAD_REQUEST", `rule: the rule text is larger than ${MAX_HUNT_RULE_BYTES / 1024} KiB`, { fields: { rule: "too large" } });
  }
  const set = loadRules([{ file: HUNT_FILE, text }]);
  if (set.errors.length > 0) {
    const errors = set.errors.map((e) => ({ line: e.line ?? null, column: e.column ?? null, path: e.path, reason: e.reason }));
    throw new AppError("BAD_REQUEST", `rule: ${set.errors.map((e) => e.message).join("; ")}`, { fields: { rule: "invalid Sigma rule" }, errors });
  }
  if (set.rules.length === 0 && set.correlations.length === 0) {
    throw new AppError("BAD_REQUEST", "rule: no Sigma rule in the text (expected a YAML document with `detection` or `correlation`)", { fields: { rule: "empty" } });
  }
  return set;
}
