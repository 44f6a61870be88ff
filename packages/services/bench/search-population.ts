// A realistic event population for the search benchmark, as COPY text rows, deterministic (seeded).
// Users and hosts follow a Zipf law (a few service accounts and servers make most of the noise,
// thousands of people a little each); actions follow a fixed mix dominated by logons and network
// connections; timestamps advance evenly through the window, as ingestion writes them.

export interface Population {
  users: string[];
  hosts: string[];
  actions: { name: string; weight: number }[];
}

/** mulberry32: tiny, fast, good enough for workload generation. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Sampler of indexes 0..n-1 with P(i) proportional to 1 / (i + 1)^s. */
export function zipf(n: number, s: number, random: () => number): () => number {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) cdf[i] = sum += 1 / Math.pow(i + 1, s);
  return () => {
    const x = random() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cdf[mid] ?? 0) < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

const ACTIONS: [string, number][] = [
  ["logon", 24], ["network-connection", 20], ["process-start", 12], ["file-read", 9], ["dns-query", 8],
  ["logoff", 6], ["file-write", 5], ["http-request", 4], ["privilege-use", 2], ["registry-change", 2],
  ["service-start", 1.5], ["file-delete", 1.5], ["password-change", 1], ["group-change", 0.8], ["account-lockout", 0.6],
  ["scheduled-task", 0.5], ["share-access", 0.5], ["kerberos-ticket", 0.5], ["vpn-connect", 0.4], ["mfa-challenge", 0.2],
];

export function population(userCount: number, hostCount: number): Population {
  const service = ["svc_backup", "SYSTEM", "svc_sql", "svc_web", "svc_monitor", "NETWORK_SERVICE", "svc_ci", "svc_av"];
  const users = Array.from({ length: userCount }, (_, i) => service[i] ?? `user${String(i).padStart(5, "0")}`);
  const roles = ["web", "db", "dc", "fs", "app", "wks", "vpn", "mail"];
  const hosts = Array.from({ length: hostCount }, (_, i) => `${roles[i % roles.length]}-${String(i).padStart(4, "0")}.corp.example`);
  return { users, hosts, actions: ACTIONS.map(([name, weight]) => ({ name, weight })) };
}

export interface RowGenerator {
  /** COPY text rows (tab separated, newline terminated) for events [from, to) of the run. */
  rows(from: number, to: number): string;
}

/**
 * Row i of `total` gets a timestamp at start + i * span / total; every `noiseEvery`-th row belongs
 * to the noise tenant. Columns: tenant_id, ts, id, receiver, sourcetype, host, action, outcome,
 * user_name, source_ip, doc, raw.
 */
export function rowGenerator(opts: { pop: Population; tenant: string; noiseTenant: string; start: number; spanMs: number; total: number; noiseEvery: number; seed: number }): RowGenerator {
  const random = rng(opts.seed);
  const user = zipf(opts.pop.users.length, 1.05, random);
  const host = zipf(opts.pop.hosts.length, 0.9, random);
  const totalWeight = opts.pop.actions.reduce((a, b) => a + b.weight, 0);
  const actionCdf: number[] = [];
  let acc = 0;
  for (const a of opts.pop.actions) actionCdf.push((acc += a.weight) / totalWeight);
  const action = () => {
    const x = random();
    const i = actionCdf.findIndex((c) => c >= x);
    return opts.pop.actions[i === -1 ? actionCdf.length - 1 : i]?.name ?? "logon";
  };
  const step = opts.spanMs / opts.total;
  return {
    rows(from, to) {
      let out = "";
      for (let i = from; i < to; i++) {
        const tenant = i % opts.noiseEvery === 0 ? opts.noiseTenant : opts.tenant;
        const ts = new Date(opts.start + Math.floor(i * step)).toISOString();
        const u = opts.pop.users[user()] ?? "nobody";
        const h = opts.pop.hosts[host()] ?? "nohost";
        const act = action();
        const outcome = random() < (act === "logon" ? 0.08 : 0.02) ? "failure" : "success";
        const ip = `10.${(i >>> 16) & 255}.${(i >>> 8) & 255}.${i & 255}`;
        const id = `b${i.toString(36)}`;
        const message = `${act} ${outcome} for ${u} on ${h}`;
        // JSON strings here contain no characters needing JSON or COPY escapes (names are plain ASCII).
        const doc = `{"@timestamp":"${ts}","event":{"action":"${act}","outcome":"${outcome}"},"user":{"name":"${u}"},"host":{"name":"${h}"},"source":{"ip":"${ip}"},"message":"${message}","vigil":{"receiver":"bench"}}`;
        const raw = `${ts} ${h} vigil-bench: ${message} from ${ip}`;
        out += `${tenant}\t${ts}\t${id}\tbench\tbench:json\t${h}\t${act}\t${outcome}\t${u}\t${ip}\t${doc}\t${raw}\n`;
      }
      return out;
    },
  };
}
