import type { AlertCandidate, SimScenario } from "../src/index";

export interface KindResult {
  kind: string;
  injected: number;
  detected: number;
  recall: number;
  precision: number;
  medianTtdMin: number;
}

export interface EvalResult {
  kinds: KindResult[];
  recall: number;
  precision: number;
  alerts: number;
  falseAlerts: number;
  falsePer1000UserDays: number;
}

/** The technique an alert must carry to count against a scenario kind's precision. */
const PRIMARY_TECHNIQUE: Record<string, string> = {
  bulk_theft: "T1048", credential_stuffing: "T1110", new_hosts: "T1021", priv_escalation: "T1548", slow_exfil: "T1048",
};
const BEFORE_MS = 3_600_000;
const AFTER_MS = 48 * 3_600_000;

const medianOf = (xs: number[]): number => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

function matchOf(alert: AlertCandidate, scenarios: SimScenario[]): SimScenario | undefined {
  return scenarios.find((s) => alert.entity === `user:${s.user}` && alert.at >= s.start - BEFORE_MS && alert.at <= s.end + AFTER_MS);
}

/**
 * An alert is true when it names a scenario's user between 1 h before its first event and 48 h
 * after its last; every other alert is false. Per-kind precision: true alerts for the kind over
 * those plus the false alerts tagged with the kind's primary ATT&CK technique.
 */
export function evaluateAlerts(alerts: AlertCandidate[], scenarios: SimScenario[], userDays: number): EvalResult {
  const matched = alerts.map((a) => ({ alert: a, scenario: matchOf(a, scenarios) }));
  const falseAlerts = matched.filter((m) => !m.scenario);
  const kinds = [...new Set(scenarios.map((s) => s.kind))].map((kind): KindResult => {
    const ofKind = scenarios.filter((s) => s.kind === kind);
    const ttd: number[] = [];
    for (const s of ofKind) {
      const first = matched.filter((m) => m.scenario === s).map((m) => m.alert.at).sort((a, b) => a - b)[0];
      if (first !== undefined) ttd.push(Math.max(0, first - s.start) / 60_000);
    }
    const truePositives = matched.filter((m) => m.scenario?.kind === kind).length;
    const tagged = falseAlerts.filter((m) => m.alert.attack.some((t) => t.technique === PRIMARY_TECHNIQUE[kind])).length;
    return {
      kind, injected: ofKind.length, detected: ttd.length, recall: ttd.length / Math.max(1, ofKind.length),
      precision: truePositives / Math.max(1, truePositives + tagged), medianTtdMin: medianOf(ttd),
    };
  });
  const detected = kinds.reduce((n, k) => n + k.detected, 0);
  return {
    kinds, recall: detected / Math.max(1, scenarios.length), precision: (alerts.length - falseAlerts.length) / Math.max(1, alerts.length),
    alerts: alerts.length, falseAlerts: falseAlerts.length, falsePer1000UserDays: (falseAlerts.length / userDays) * 1000,
  };
}

const pct = (x: number): string => (Number.isFinite(x) ? x.toFixed(2) : "-");
const mins = (x: number): string => (Number.isNaN(x) ? "-" : x < 90 ? `${x.toFixed(1)} min` : `${(x / 60).toFixed(1)} h`);

export function printResult(name: string, r: EvalResult): void {
  console.log(`\n${name}: recall ${pct(r.recall)}, precision ${pct(r.precision)}, alerts ${r.alerts}, false alerts ${r.falseAlerts} (${r.falsePer1000UserDays.toFixed(2)} per 1,000 user-days)`);
  console.log("  scenario             injected detected recall precision median-time-to-detect");
  for (const k of r.kinds) {
    console.log(`  ${k.kind.padEnd(20)} ${String(k.injected).padStart(8)} ${String(k.detected).padStart(8)} ${pct(k.recall).padStart(6)} ${pct(k.precision).padStart(9)} ${mins(k.medianTtdMin).padStart(10)}`);
  }
}
