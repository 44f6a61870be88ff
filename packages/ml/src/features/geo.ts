import geoip from "geoip-lite";
import { asnOf } from "./asn";

/** Where a source IP is: its country (geoip-lite) and network (autonomous system), null when unknown. */
export interface IpNetwork {
  country: string | null;
  asn: number | null;
}

// Each lookup costs a binary search; the same IPs recur all day, so cache both answers together.
const cache = new Map<string, IpNetwork>();
const CACHE_LIMIT = 200_000;

export function networkOf(ip: string): IpNetwork {
  const hit = cache.get(ip);
  if (hit) return hit;
  const network = { country: geoip.lookup(ip)?.country || null, asn: asnOf(ip) };
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(ip, network);
  return network;
}
