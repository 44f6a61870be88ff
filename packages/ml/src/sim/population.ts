import type { Prng } from "./prng";

export type Role = "sales" | "engineering" | "finance" | "admin";

export interface Country {
  code: string;
  tz: number;
  /** First two octets of public ranges geoip-lite places in the country. */
  prefixes: [number, number][];
}

export const COUNTRIES: Country[] = [
  { code: "US", tz: -5, prefixes: [[24, 1], [73, 1]] },
  { code: "GB", tz: 0, prefixes: [[81, 2], [86, 1]] },
  { code: "DE", tz: 1, prefixes: [[46, 114], [91, 64]] },
  { code: "FR", tz: 1, prefixes: [[90, 1], [82, 64]] },
  { code: "IN", tz: 5, prefixes: [[49, 36], [117, 200]] },
  { code: "JP", tz: 9, prefixes: [[126, 1], [1, 0]] },
  { code: "BR", tz: -3, prefixes: [[177, 1], [189, 1]] },
  { code: "AU", tz: 10, prefixes: [[101, 160]] },
];
const HOME_COUNTRIES = COUNTRIES.slice(0, 6);
export const HOSTILE = [COUNTRIES[6]!, COUNTRIES[7]!, { code: "RU", tz: 3, prefixes: [[95, 24], [5, 255]] } as Country];

export interface Habits {
  downloadsPerHour: number;
  bytesMedian: number;
  recordsMedian: number;
  sensitivePerHour: number;
  privPerHour: number;
  adminPerHour: number;
  servers: number;
}

export const HABITS: Record<Role, Habits> = {
  sales: { downloadsPerHour: 1.5, bytesMedian: 8e6, recordsMedian: 150, sensitivePerHour: 0.2, privPerHour: 0, adminPerHour: 0, servers: 0 },
  engineering: { downloadsPerHour: 2, bytesMedian: 20e6, recordsMedian: 0, sensitivePerHour: 0.02, privPerHour: 0.3, adminPerHour: 0, servers: 3 },
  finance: { downloadsPerHour: 1, bytesMedian: 5e6, recordsMedian: 50, sensitivePerHour: 0.5, privPerHour: 0, adminPerHour: 0, servers: 0 },
  admin: { downloadsPerHour: 0.5, bytesMedian: 2e6, recordsMedian: 0, sensitivePerHour: 0.05, privPerHour: 1.5, adminPerHour: 0.2, servers: 12 },
};

export interface SimUser {
  name: string;
  role: Role;
  country: Country;
  /** Local start of the working day, minutes after midnight. */
  startMinute: number;
  dayHours: number;
  officeIp: string;
  homeIp: string;
  workstation: string;
  servers: string[];
  joinDay: number;
}

export function ipIn(prng: Prng, country: Country): string {
  const [a, b] = prng.pick(country.prefixes);
  return `${a}.${b}.${prng.int(0, 256)}.${prng.int(1, 255)}`;
}

function pickRole(prng: Prng): Role {
  const r = prng.next();
  return r < 0.35 ? "sales" : r < 0.75 ? "engineering" : r < 0.9 ? "finance" : "admin";
}

export function makeUsers(prng: Prng, count: number, days: number): SimUser[] {
  const offices = HOME_COUNTRIES.map((c) => ipIn(prng, c));
  const serverPool = Array.from({ length: 60 }, (_, i) => `srv-${String(i).padStart(3, "0")}`);
  return Array.from({ length: count }, (_, i) => {
    const role = pickRole(prng);
    const ci = prng.int(0, HOME_COUNTRIES.length);
    const country = HOME_COUNTRIES[ci]!;
    const firstServer = prng.int(0, serverPool.length);
    return {
      name: `u${String(i).padStart(4, "0")}`,
      role,
      country,
      startMinute: prng.int(7 * 60, 10 * 60),
      dayHours: prng.int(7, 10),
      officeIp: offices[ci]!,
      homeIp: ipIn(prng, country),
      workstation: `ws-${String(i).padStart(4, "0")}`,
      servers: Array.from({ length: HABITS[role].servers }, (_, k) => serverPool[(firstServer + k) % serverPool.length]!),
      joinDay: prng.chance(0.06) ? prng.int(5, Math.max(6, days - 10)) : 0,
    };
  });
}
