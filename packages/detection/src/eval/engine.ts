// Runs a rule set over a tenant's events: single-event rules, then the correlations fed by them.
import type { VigilEvent } from "@vigil/schema";
import type { RuleSet } from "../load/load";
import type { CorrelationRule, SigmaRule } from "../model/types";
import { CorrelationWindows } from "./correlation";
import { eventEntities } from "./entities";
import type { FieldResolver } from "./fields";
import { resolveField } from "./fields";
import { matchesRule } from "./match";
import type { DetectionMatch } from "./match-types";

function eventMatch(rule: SigmaRule, event: VigilEvent): DetectionMatch {
  const entities = eventEntities(event);
  const parts = [["user.name", entities.user], ["source.ip", entities.ip], ["host.name", entities.host]] as const;
  const groupKey = parts.filter(([, v]) => v.length > 0).map(([k, v]) => `${k}=${v[0]}`).join("|") || `event=${event.id}`;
  return {
    kind: "event", ruleId: rule.id, ruleTitle: rule.title, level: rule.level, severity: rule.severity,
    tactics: rule.tactics, techniques: rule.techniques, groupKey,
    firstSeen: event["@timestamp"], lastSeen: event["@timestamp"], eventIds: [event.id], entities,
  };
}

export class DetectionEngine {
  readonly windows = new CorrelationWindows();
  private readonly correlationsByRule = new Map<string, CorrelationRule[]>();

  constructor(readonly ruleSet: RuleSet, private readonly resolve: FieldResolver = resolveField) {
    for (const c of ruleSet.correlations) {
      for (const id of c.rules) this.correlationsByRule.set(id, [...(this.correlationsByRule.get(id) ?? []), c]);
    }
  }

  /** The longest correlation timespan: how much history a fresh engine needs to warm up. */
  get longestTimespanMs(): number {
    return Math.max(0, ...this.ruleSet.correlations.map((c) => c.timespanMs));
  }

  /** Forgets correlation groups idle for longer than the longest timespan plus `slackMs`. */
  prune(nowMs: number, slackMs = 60 * 60_000): void {
    this.windows.prune(nowMs - this.longestTimespanMs - slackMs);
  }

  /** Evaluates `events` (any order; processed by event time) for one tenant. */
  process(tenantId: string, events: readonly VigilEvent[]): DetectionMatch[] {
    const ordered = [...events].sort((a, b) => Date.parse(a["@timestamp"]) - Date.parse(b["@timestamp"]));
    return ordered.flatMap((event) => this.processEvent(tenantId, event));
  }

  private processEvent(tenantId: string, event: VigilEvent): DetectionMatch[] {
    const matches: DetectionMatch[] = [];
    const fed = new Set<CorrelationRule>();
    for (const rule of this.ruleSet.rules) {
      if (!matchesRule(rule, event, this.resolve)) continue;
      if (!this.ruleSet.silent.has(rule.id)) matches.push(eventMatch(rule, event));
      for (const c of this.correlationsByRule.get(rule.id) ?? []) fed.add(c);
    }
    for (const c of fed) {
      const m = this.windows.add(tenantId, c, event, this.resolve);
      if (m) matches.push(m);
    }
    return matches;
  }
}
