import geoip from "geoip-lite";

// geoip-lite lookups cost a binary search each; the same IPs recur all day, so cache them.
const cache = new Map<string, string | null>();
const CACHE_LIMIT = 200_000;

export function countryOf(ip: string): string | null {
  const hit = cache.get(ip);
  if (hit !== undefined) return hit;
  const country = geoip.lookup(ip)?.country || null;
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(ip, country);
  return country;
}
