import type { VigilEvent } from "@vigil/schema";
import { utcOf } from "./activity";
import { simEvent, type SimEventInput } from "./event";
import { HOSTILE, ipIn, type SimUser } from "./population";
import type { Prng } from "./prng";

export const SCENARIO_KINDS = ["bulk_theft", "credential_stuffing", "new_hosts", "priv_escalation", "slow_exfil"] as const;
export type ScenarioKind = (typeof SCENARIO_KINDS)[number];

/** Ground truth of one injected attack: who, what, and the span of its events. */
export interface SimScenario {
  id: string;
  kind: ScenarioKind;
  user: string;
  firstDay: number;
  days: number;
  start: number;
  end: number;
}

type Emit = (e: Omit<SimEventInput, "user" | "department" | "scenario">) => void;
const MIN = 60_000;

function bulkTheft(prng: Prng, user: SimUser, dayStart: number, emit: Emit): void {
  const at = utcOf(dayStart, 2 * 60 + prng.int(0, 20), user.country.tz);
  emit({ at, action: "logon", category: "authentication", ip: user.homeIp, host: user.workstation });
  for (let i = 0; i < 25; i++) {
    const path = `/share/customers/export-${i}.csv`;
    emit({ at: at + (1 + i) * MIN, action: "file-downloaded", category: "file", ip: user.homeIp, host: user.workstation, filePath: path, bytes: prng.logNormal(160e6, 0.3), records: prng.logNormal(2000, 0.3) });
  }
}

function credentialStuffing(prng: Prng, user: SimUser, dayStart: number, emit: Emit): void {
  const ip = ipIn(prng, prng.pick(HOSTILE));
  const at = dayStart + prng.int(0, 23 * 60) * MIN;
  for (let i = 0; i < 60; i++) emit({ at: at + i * 15_000, action: "logon", category: "authentication", outcome: "failure", ip, host: "vpn-gw" });
  emit({ at: at + 61 * 15_000, action: "logon", category: "authentication", ip, host: "vpn-gw" });
  for (let i = 0; i < 3; i++) emit({ at: at + (20 + i * 5) * MIN, action: "file-downloaded", category: "file", ip, host: "vpn-gw", filePath: `/share/${user.role}/docs/q${i}.pdf`, bytes: prng.logNormal(10e6, 0.5) });
}

function newHosts(prng: Prng, user: SimUser, dayStart: number, emit: Emit): void {
  const ip = ipIn(prng, user.country);
  const at = utcOf(dayStart, user.startMinute + prng.int(60, 240), user.country.tz);
  emit({ at, action: "logon", category: "authentication", ip, host: user.workstation });
  for (let i = 0; i < 15; i++) emit({ at: at + (2 + i * 3) * MIN, action: "logon", category: "authentication", ip, host: `srv-x${prng.int(100, 999)}` });
}

function privEscalation(prng: Prng, user: SimUser, dayStart: number, emit: Emit): void {
  const at = utcOf(dayStart, user.startMinute + prng.int(60, 300), user.country.tz);
  const host = user.workstation;
  for (let i = 0; i < 6; i++) emit({ at: at + i * 2 * MIN, action: "process-started", category: "process", ip: user.officeIp, host, process: "sudo", commandLine: "sudo -i" });
  emit({ at: at + 14 * MIN, action: "group-member-added", category: "iam", ip: user.officeIp, host: "dc-01" });
  emit({ at: at + 15 * MIN, action: "role-assigned", category: "iam", ip: user.officeIp, host: "dc-01" });
}

function slowExfilDay(prng: Prng, user: SimUser, dayStart: number, emit: Emit): void {
  for (let k = 0; k < 4; k++) {
    const at = utcOf(dayStart, user.startMinute + 60 + k * 120 + prng.int(0, 40), user.country.tz);
    emit({ at, action: "file-downloaded", category: "file", ip: user.officeIp, host: user.workstation, filePath: `/share/${user.role}/docs/archive-${k}.zip`, bytes: prng.logNormal(600e6, 0.3) });
    emit({ at: at + 2 * MIN, action: "file-accessed", category: "file", ip: user.officeIp, host: user.workstation, filePath: "/share/customers/accounts.xlsx" });
  }
}

const GENERATORS: Record<ScenarioKind, (prng: Prng, user: SimUser, dayStart: number, emit: Emit) => void> = {
  bulk_theft: bulkTheft,
  credential_stuffing: credentialStuffing,
  new_hosts: newHosts,
  priv_escalation: privEscalation,
  slow_exfil: slowExfilDay,
};

/** Picks distinct established users and weekdays for `perKind` scenarios of each kind. */
export function planScenarios(prng: Prng, users: SimUser[], fromDay: number, toDay: number, perKind: number, isWorkday: (d: number) => boolean): SimScenario[] {
  const eligible = users.filter((u) => u.joinDay === 0);
  const order = prng.permutation(eligible.length);
  const plans: SimScenario[] = [];
  let next = 0;
  for (const kind of SCENARIO_KINDS) {
    for (let i = 0; i < perKind && next < order.length; i++) {
      const user = eligible[order[next++]!]!;
      if (kind === "priv_escalation" && user.role === "admin") {
        i--;
        continue;
      }
      const days = kind === "slow_exfil" ? 7 : 1; // a week: five working days of exfiltration
      let day = prng.int(fromDay, Math.max(fromDay + 1, toDay - days - 1));
      while (!isWorkday(day) && day < toDay - 1) day++;
      plans.push({ id: `${kind}-${i + 1}`, kind, user: user.name, firstDay: day, days, start: Infinity, end: -Infinity });
    }
  }
  return plans;
}

/** The scenario's events on one day (empty outside its span); widens its start/end. */
export function scenarioEvents(prng: Prng, s: SimScenario, user: SimUser, day: number, dayStart: number, isWorkday: boolean): VigilEvent[] {
  if (day < s.firstDay || day >= s.firstDay + s.days) return [];
  if (s.kind === "slow_exfil" ? !isWorkday : day !== s.firstDay) return [];
  const out: VigilEvent[] = [];
  GENERATORS[s.kind](prng, user, dayStart, (e) => {
    out.push(simEvent({ ...e, user: user.name, department: user.role, scenario: s.id }));
    s.start = Math.min(s.start, e.at);
    s.end = Math.max(s.end, e.at);
  });
  return out;
}
