// `vigil hunt`: runs Sigma rules (single-event and correlation) over event files, the way
// Chainsaw and Hayabusa do: logsource scoping through the Windows pipeline, the compiled
// backend for speed, correlations on event time with no lateness limit (files are history).
import type { DetectionMatch, RuleSet } from "@vigil/detection";
import { compiledEngine, vigilPipeline } from "@vigil/detection";
import type { VigilEvent } from "@vigil/schema";
import type { InputProblem } from "./inputs";
import { eventFiles, readRecords } from "./inputs";
import { table } from "./table";
import { recordEvent } from "./windows";

export interface HuntOptions {
  json: boolean;
  out: (line: string) => void;
  err: (line: string) => void;
}

interface Located {
  file: string;
  line: number;
}

export interface Detection extends Located {
  match: DetectionMatch;
}

const PROGRESS_EVERY = 50_000;
const TENANT = "cli";

function detectionJson(d: Detection, levels: ReadonlyMap<string, string>): string {
  const m = d.match;
  return JSON.stringify({
    rule: { id: m.ruleId, title: m.ruleTitle, level: levels.get(m.ruleId) ?? m.level },
    file: d.file, line: d.line, kind: m.kind, timestamp: m.lastSeen,
    ...(m.kind === "correlation" ? { group: m.groupKey, firstSeen: m.firstSeen, events: m.eventIds.length } : {}),
    entities: m.entities,
  });
}

/** Runs the hunt; returns the detections (also printed as they are found with --json). */
export function hunt(ruleSet: RuleSet, eventsPath: string, options: HuntOptions): Detection[] {
  const files = eventFiles(eventsPath);
  const { engine } = compiledEngine(ruleSet, { pipeline: vigilPipeline, latenessMs: Number.MAX_SAFE_INTEGER });
  const levels = new Map([...ruleSet.rules, ...ruleSet.correlations].map((r) => [r.id, r.level]));
  const problems: InputProblem[] = [];
  const detections: Detection[] = [];
  const receivedAt = new Date();
  let events = 0;
  let skipped = 0;
  let nextProgress = PROGRESS_EVERY;
  const started = performance.now();
  for (const file of files) {
    const located: { event: VigilEvent; at: Located }[] = [];
    for (const rec of readRecords(file, problems)) {
      const event = recordEvent(rec.raw, rec.file, receivedAt);
      if (event) located.push({ event, at: { file: rec.file, line: rec.line } });
      else skipped++;
    }
    located.sort((a, b) => Date.parse(a.event["@timestamp"]) - Date.parse(b.event["@timestamp"]));
    for (const { event, at } of located) {
      for (const match of engine.process(TENANT, [event])) {
        const d = { ...at, match };
        detections.push(d);
        if (options.json) options.out(detectionJson(d, levels));
      }
      if (++events >= nextProgress) {
        nextProgress += PROGRESS_EVERY;
        const rate = Math.round(events / ((performance.now() - started) / 1000));
        options.err(`progress: ${events.toLocaleString("en-US")} events, ${detections.length.toLocaleString("en-US")} detections (${rate.toLocaleString("en-US")} events/s), file ${files.indexOf(file) + 1}/${files.length}`);
      }
    }
  }
  for (const p of problems.slice(0, 20)) options.err(`warning: ${p.file}:${p.line}: not JSON (${p.reason})`);
  if (problems.length > 20) options.err(`warning: ${problems.length - 20} more unreadable records`);
  if (skipped > 0) options.err(`warning: ${skipped} records were not JSON objects and were skipped`);
  const seconds = (performance.now() - started) / 1000;
  options.err(`hunted ${events.toLocaleString("en-US")} events in ${files.length} files with ${ruleSet.rules.length} rules and ${ruleSet.correlations.length} correlations in ${seconds.toFixed(1)} s: ${detections.length} detections`);
  if (!options.json) printReport(detections, levels, options.out);
  return detections;
}

function printReport(detections: readonly Detection[], levels: ReadonlyMap<string, string>, out: (line: string) => void): void {
  const byRule = new Map<string, Detection[]>();
  for (const d of detections) byRule.set(d.match.ruleId, [...(byRule.get(d.match.ruleId) ?? []), d]);
  const order = ["critical", "high", "medium", "low", "informational"];
  const rules = [...byRule.values()].sort((a, b) => order.indexOf(levels.get(a[0]!.match.ruleId) ?? "") - order.indexOf(levels.get(b[0]!.match.ruleId) ?? ""));
  for (const list of rules) {
    const m = list[0]!.match;
    out(`[${levels.get(m.ruleId) ?? m.level}] ${m.ruleTitle} (${m.ruleId}): ${list.length} ${m.kind === "correlation" ? "correlation matches" : "events"}`);
    for (const d of list.slice(0, 10)) {
      const who = [...d.match.entities.host, ...d.match.entities.user].join(" ");
      out(`    ${d.file}:${d.line}  ${d.match.lastSeen}${who ? `  ${who}` : ""}${d.match.kind === "correlation" ? `  ${d.match.groupKey}` : ""}`);
    }
    if (list.length > 10) out(`    ... ${list.length - 10} more`);
  }
  out("");
  out(table(["level", "rule", "kind", "detections"], rules.map((list) => {
    const m = list[0]!.match;
    return [levels.get(m.ruleId) ?? m.level, m.ruleTitle, m.kind, String(list.length)];
  })));
  out(`${detections.length} detections from ${rules.length} rules`);
}
