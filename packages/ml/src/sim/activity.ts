import type { VigilEvent } from "@vigil/schema";
import { simEvent, type SimEventInput } from "./event";
import { HABITS, type Country, type SimUser } from "./population";
import type { Prng } from "./prng";

export interface DayContext {
  dayStart: number;
  weekend: boolean;
  holiday: boolean;
  /** Set while the user travels: where they sign in from. */
  trip?: { country: Country; ip: string };
}

const MINUTE = 60_000;

export const utcOf = (dayStart: number, localMinute: number, tz: number): number => dayStart + (localMinute - tz * 60) * MINUTE;

interface HourCtx {
  prng: Prng;
  user: SimUser;
  ip: string;
  at: number;
  out: VigilEvent[];
}

function emit(h: HourCtx, e: Omit<SimEventInput, "user" | "ip" | "department" | "at" | "host"> & { host?: string }, offsetMin: number): void {
  h.out.push(simEvent({ host: h.user.workstation, ...e, at: h.at + offsetMin * MINUTE, user: h.user.name, ip: h.ip, department: h.user.role }));
}

function signIn(h: HourCtx, offset: number): void {
  if (h.prng.chance(0.04)) emit(h, { action: "logon", category: "authentication", outcome: "failure" }, offset);
  emit(h, { action: "logon", category: "authentication" }, offset + 1);
}

function workHour(h: HourCtx, first: boolean): void {
  const { prng, user } = h;
  const habits = HABITS[user.role];
  if (first || prng.chance(0.15)) signIn(h, prng.int(0, 10));
  for (let i = prng.poisson(habits.downloadsPerHour); i > 0; i--) {
    const bytes = prng.logNormal(habits.bytesMedian, 0.8);
    const records = habits.recordsMedian > 0 ? prng.logNormal(habits.recordsMedian, 0.6) : undefined;
    emit(h, { action: "file-downloaded", category: "file", filePath: `/share/${user.role}/docs/report-${prng.int(1, 500)}.pdf`, bytes, records }, prng.int(5, 55));
  }
  for (let i = prng.poisson(habits.sensitivePerHour); i > 0; i--) {
    const path = user.role === "sales" ? "/share/customers/accounts.xlsx" : `/share/finance/payroll-${prng.int(1, 12)}.xlsx`;
    emit(h, { action: "file-accessed", category: "file", filePath: path }, prng.int(5, 55));
  }
  if (user.servers.length > 0 && prng.chance(0.3)) emit(h, { action: "logon", category: "authentication", host: prng.pick(user.servers) }, prng.int(5, 55));
  for (let i = prng.poisson(habits.privPerHour); i > 0; i--) {
    const host = user.servers.length > 0 ? prng.pick(user.servers) : user.workstation;
    emit(h, { action: "process-started", category: "process", host, process: "sudo", commandLine: "sudo systemctl restart app" }, prng.int(5, 55));
  }
  for (let i = prng.poisson(habits.adminPerHour); i > 0; i--) emit(h, { action: "group-member-added", category: "iam", host: "dc-01" }, prng.int(5, 55));
}

/** One user's ordinary day: working hours in their time zone, weekends, holidays, travel. */
export function normalDay(prng: Prng, user: SimUser, ctx: DayContext): VigilEvent[] {
  const out: VigilEvent[] = [];
  const tz = ctx.trip?.country.tz ?? user.country.tz;
  const home = (startMinute: number, hours: number): void => {
    for (let k = 0; k < hours; k++) workHour({ prng, user, ip: ctx.trip?.ip ?? user.homeIp, at: utcOf(ctx.dayStart, startMinute + k * 60, tz), out }, k === 0);
  };
  if (ctx.weekend || ctx.holiday) {
    const onCall = user.role === "admin" ? 0.2 : 0.03;
    if (prng.chance(onCall)) home(prng.int(10 * 60, 19 * 60), 1);
    return out;
  }
  if (prng.chance(0.03)) return out; // sick day or leave
  const ip = ctx.trip?.ip ?? (prng.chance(0.2) ? user.homeIp : user.officeIp);
  const start = user.startMinute + Math.round(prng.normal() * 20);
  let first = true;
  for (let k = 0; k < user.dayHours; k++) {
    if (!prng.chance(0.85)) continue;
    workHour({ prng, user, ip, at: utcOf(ctx.dayStart, start + k * 60, tz), out }, first);
    first = false;
  }
  return out;
}
