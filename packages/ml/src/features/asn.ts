// IPv4 -> autonomous system number, from the DB-IP / RouteViews ranges shipped by the
// @ip-location-db/asn package (CC BY 4.0; geoip-lite has countries but no ASNs). Loaded on first
// use (~410k ranges into typed arrays, about 0.3 s), then a binary search per lookup (geo.ts caches
// the answers per IP).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

interface AsnTable {
  starts: Uint32Array;
  ends: Uint32Array;
  asns: Uint32Array;
}

let table: AsnTable | undefined;

function load(): AsnTable {
  const dir = dirname(createRequire(import.meta.url).resolve("@ip-location-db/asn/package.json"));
  const text = readFileSync(join(dir, "asn-ipv4-num.csv"), "utf8");
  const lines = text.split("\n");
  const starts = new Uint32Array(lines.length);
  const ends = new Uint32Array(lines.length);
  const asns = new Uint32Array(lines.length);
  let n = 0;
  for (const line of lines) {
    const a = line.indexOf(",");
    const b = line.indexOf(",", a + 1);
    const c = line.indexOf(",", b + 1);
    if (a < 0 || b < 0) continue;
    starts[n] = Number(line.slice(0, a));
    ends[n] = Number(line.slice(a + 1, b));
    asns[n] = Number(line.slice(b + 1, c < 0 ? undefined : c));
    n++;
  }
  // The file is sorted by range start; keep that order for the binary search.
  return { starts: starts.subarray(0, n), ends: ends.subarray(0, n), asns: asns.subarray(0, n) };
}

function ipv4ToNumber(ip: string): number | undefined {
  const parts = ip.split(".");
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    const v = Number(p);
    if (!Number.isInteger(v) || v < 0 || v > 255 || p === "") return undefined;
    n = n * 256 + v;
  }
  return n;
}

/** The AS number announcing an IPv4 address, or null (private, unannounced, IPv6, not an IP). */
export function asnOf(ip: string): number | null {
  const n = ipv4ToNumber(ip);
  if (n === undefined) return null;
  const t = (table ??= load());
  let lo = 0;
  let hi = t.starts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (t.starts[mid]! <= n) lo = mid + 1;
    else hi = mid - 1;
  }
  return hi >= 0 && n <= t.ends[hi]! ? t.asns[hi]! || null : null;
}
