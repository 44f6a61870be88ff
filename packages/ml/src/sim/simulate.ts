import type { VigilEvent } from "@vigil/schema";
import { normalDay, type DayContext } from "./activity";
import { COUNTRIES, ipIn, makeUsers, type SimUser } from "./population";
import { Prng } from "./prng";
import { planScenarios, scenarioEvents, type ScenarioKind, type SimScenario } from "./scenarios";

export type { ScenarioKind, SimScenario, SimUser };

export interface SimOptions {
  seed: number;
  users: number;
  days: number;
  /** First simulated day (UTC midnight, ISO date). */
  startDate?: string;
  tenantId?: string;
  /** Scenarios are injected only on days [scenarioFromDay, days). */
  scenarioFromDay?: number;
  scenariosPerKind?: number;
  /** Only these kinds are injected (all by default). */
  kinds?: ScenarioKind[];
}

export interface SimTenant {
  tenantId: string;
  users: SimUser[];
  /** user name -> department (the directory map). */
  directory: Record<string, string>;
  scenarios: SimScenario[];
  startMs: number;
  dayMs: (day: number) => number;
  /** User-days of employment (users who had joined) over [fromDay, toDay). */
  userDays: (fromDay: number, toDay: number) => number;
  /** Events in time order, in chunks (about a day each). Fills scenario start/end as it goes. */
  events: () => Generator<VigilEvent[]>;
}

const DAY = 86_400_000;
const HOLIDAY_DAYS = [17, 45, 46, 80]; // company-wide days off, as offsets from the start

function tripFor(prng: Prng, user: SimUser, trips: Map<string, { until: number; ctx: NonNullable<DayContext["trip"]> }>, day: number): DayContext["trip"] {
  const trip = trips.get(user.name);
  if (trip && trip.until > day) return trip.ctx;
  if (!prng.chance(0.004)) return undefined;
  const country = prng.pick(COUNTRIES.filter((c) => c.code !== user.country.code));
  const ctx = { country, ip: ipIn(prng, country) };
  trips.set(user.name, { until: day + prng.int(2, 6), ctx });
  return ctx;
}

/** Seeded months of a tenant's activity with injected, labelled attack scenarios. */
export function simulateTenant(options: SimOptions): SimTenant {
  const prng = new Prng(options.seed);
  const startMs = Date.parse(options.startDate ?? "2026-01-05T00:00:00Z");
  const users = makeUsers(prng, options.users, options.days);
  const byName = new Map(users.map((u) => [u.name, u]));
  const dayMs = (d: number): number => startMs + d * DAY;
  const isWeekend = (d: number): boolean => [0, 6].includes(new Date(dayMs(d)).getUTCDay());
  const isWorkday = (d: number): boolean => !isWeekend(d) && !HOLIDAY_DAYS.includes(d);
  const planned = planScenarios(prng, users, options.scenarioFromDay ?? 0, options.days, options.scenariosPerKind ?? 0, isWorkday);
  const scenarios = options.kinds ? planned.filter((s) => options.kinds!.includes(s.kind)) : planned;
  const seed = prng.int(0, 2 ** 31);

  function* events(): Generator<VigilEvent[]> {
    const dayPrng = new Prng(seed);
    const trips = new Map<string, { until: number; ctx: NonNullable<DayContext["trip"]> }>();
    let buffer: { t: number; e: VigilEvent }[] = [];
    let seq = 0;
    const add = (list: VigilEvent[]): void => {
      for (const e of list) {
        e.id = `${options.seed}-${++seq}`; // deterministic per simulation, unlike the builder's counter
        buffer.push({ t: Date.parse(e["@timestamp"]), e });
      }
    };
    for (let day = 0; day < options.days; day++) {
      const base = { dayStart: dayMs(day), weekend: isWeekend(day), holiday: HOLIDAY_DAYS.includes(day) };
      for (const user of users) {
        if (day < user.joinDay) continue;
        const trip = tripFor(dayPrng, user, trips, day);
        add(normalDay(dayPrng, user, { ...base, trip }));
      }
      for (const s of scenarios) add(scenarioEvents(dayPrng, s, byName.get(s.user)!, day, base.dayStart, isWorkday(day)));
      // Local days span UTC -10 h .. +34 h around the UTC day: release what no later day can precede.
      buffer.sort((a, b) => a.t - b.t);
      const cut = dayMs(day) - 12 * 3_600_000;
      const idx = buffer.findIndex((x) => x.t >= cut);
      const ready = idx < 0 ? buffer : buffer.slice(0, idx);
      buffer = idx < 0 ? [] : buffer.slice(idx);
      if (ready.length > 0) yield ready.map((x) => x.e);
    }
    if (buffer.length > 0) yield buffer.map((x) => x.e);
  }

  return {
    tenantId: options.tenantId ?? "sim-tenant",
    users,
    directory: Object.fromEntries(users.map((u) => [u.name, u.role])),
    scenarios,
    startMs,
    dayMs,
    userDays: (from, to) => users.reduce((n, u) => n + Math.max(0, to - Math.max(from, u.joinDay)), 0),
    events,
  };
}
