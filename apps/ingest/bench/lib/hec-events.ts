// The benchmarks' HEC traffic: a realistic population (most activity benign and spread over many
// accounts; a few attackers brute-force three accounts, one address scans the web server), as
// newline-separated HEC envelopes, generated deterministically per sender.
export interface Population {
  users: number;
  /** Share of failed logins; `--users 200 --failures 0.3` turns the mix into an alert storm. */
  failures: number;
}

const IPS = Array.from({ length: 5000 }, (_, i) => `10.${(i >> 8) & 255}.${i & 255}.${(i * 7) % 250 + 1}`);
const ATTACKERS = [["admin", "203.0.113.66"], ["root", "203.0.113.77"], ["svc-backup", "198.51.100.9"]] as const;
const FILES = ["/srv/public/menu.pdf", "/home/shared/notes.txt", "/var/www/html/index.html", "/srv/projects/plan.docx"];
const SENSITIVE = ["/srv/confidential/payroll.xlsx", "/srv/finance/q3.csv"];
const PATHS = ["/", "/login", "/api/v1/items", "/static/app.js", "/admin", "/search?q=shoes", "/api/v1/orders/42"];

/** A small deterministic generator (xorshift32), one per sender. */
export function rng(seed: number): () => number {
  let x = seed | 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

let seq = 0;

/** One event object (HEC `event` field) with its host and sourcetype. */
export function hecEnvelope(next: () => number, pop: Population, time: number): { time: number; host: string; sourcetype: string; event: Record<string, unknown> } {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const user = `user${Math.floor(next() * pop.users)}`;
  const ip = pick(IPS);
  const r = next();
  const n = seq++;
  if (r < pop.failures + 0.01) {
    const [u, src] = r < 0.01 ? (pick(ATTACKERS) as readonly [string, string]) : [user, ip];
    return { time, host: "vpn-gw-1", sourcetype: "linux_secure", event: { action: "ssh_login", outcome: "failure", user: u, src_ip: src, message: `Failed password for ${u} from ${src} port ${1024 + (n % 60000)} ssh2` } };
  }
  if (r < 0.35) {
    return { time, host: "vpn-gw-1", sourcetype: "linux_secure", event: { action: "user-login", outcome: "success", user, src_ip: ip, message: `Accepted publickey for ${user} from ${ip} port ${1024 + (n % 60000)} ssh2` } };
  }
  if (r < 0.6) {
    const path = next() < 0.002 ? pick(SENSITIVE) : pick(FILES);
    return { time, host: "fs-1", sourcetype: "fileaudit", event: { action: "file-read", outcome: "success", user, src_ip: ip, file_path: path, bytes: Math.floor(next() * 1e6) } };
  }
  const scanner = next() < 0.01;
  const notFound = scanner || next() < 0.02;
  return {
    time, host: "web-01", sourcetype: "access_combined",
    event: {
      action: "http-request", src_ip: scanner ? "192.0.2.200" : ip, url: notFound ? `/missing-${n % 5000}` : pick(PATHS), method: next() < 0.8 ? "GET" : "POST",
      http: { response: { status_code: notFound ? 404 : 200 } }, user_agent: "Mozilla/5.0 (X11; Linux x86_64)", request_id: n,
    },
  };
}

/** A HEC body of `count` newline-separated envelopes, timestamped now (so ids never repeat). */
export function hecBody(next: () => number, pop: Population, count: number): string {
  const lines: string[] = [];
  const now = Date.now() / 1000;
  for (let i = 0; i < count; i++) lines.push(JSON.stringify(hecEnvelope(next, pop, now + i / 1e6)));
  return lines.join("\n");
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

export function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const n = Number(process.argv[i + 1]);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name}: expected a non-negative number, got "${process.argv[i + 1]}"`);
  return n;
}

export function textArg<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = process.argv[i + 1] as T;
  if (!allowed.includes(v)) throw new Error(`--${name}: expected one of ${allowed.join(", ")}, got "${v}"`);
  return v;
}

export const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
