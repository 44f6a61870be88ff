// Small helpers shared by the formats: section compaction, integer/IP coercion, merging.
import { isIP } from "node:net";

/** Drops undefined values; returns undefined for an empty result. */
export function compact<T extends Record<string, unknown>>(obj: T): T | undefined {
  let empty = true;
  const out: Record<string, unknown> = {};
  for (const key in obj) {
    const value = obj[key];
    if (value === undefined) continue;
    out[key] = value;
    empty = false;
  }
  return empty ? undefined : (out as T);
}

const INT = /^\d{1,15}$/;

/** Non-negative integer from a number or decimal/hex text ("0x1f4"), else undefined. */
export function toInt(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  if (typeof value !== "string") return undefined;
  const text = value.trim();
  if (INT.test(text)) return Number(text);
  const hex = /^0x0*([0-9a-f]{1,12})$/i.exec(text);
  if (hex) return Number.parseInt(hex[1] as string, 16);
  return undefined;
}

/** Port in 0..65535 or undefined. */
export function toPort(value: unknown): number | undefined {
  const n = toInt(value);
  return n !== undefined && n <= 65535 ? n : undefined;
}

/** The address when it is an IPv4/IPv6 literal (brackets and zone ids accepted). */
export function toIp(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const bare = value.startsWith("[") && value.endsWith("]") ? value.slice(1, -1) : value.trim();
  return isIP(bare) === 0 ? undefined : bare;
}

const PLACEHOLDERS = new Set(["", "-", "N/A", "null", "(null)", "NULL"]);

/** Text value unless it is empty or a placeholder such as "-". */
export function text(value: unknown): string | undefined {
  if (typeof value === "string") return PLACEHOLDERS.has(value.trim()) ? undefined : value.trim();
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return undefined;
}

/**
 * ECS `url.extension`: the last path segment's extension without the dot ("/a/b.tar.gz" -> "gz"),
 * undefined when it has none (Sigma's proxy `c-uri-extension`).
 */
export function urlExtension(path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  const segment = path.slice(path.lastIndexOf("/") + 1);
  const dot = segment.lastIndexOf(".");
  return dot <= 0 || dot === segment.length - 1 ? undefined : segment.slice(dot + 1);
}

/** The scheme of an absolute URL ("http://", "https://", ...). */
export const URL_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/** The host of "host:port" or "[v6]:port". */
function hostOf(authority: string): string {
  return authority.startsWith("[") ? authority.slice(1, authority.indexOf("]")) : authority.replace(/:\d*$/, "");
}

/** The last segment of a "/"-separated path, undefined when it is empty. */
export function basename(path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  const base = path.slice(path.lastIndexOf("/") + 1);
  return base === "" ? undefined : base;
}

/**
 * A URL's parts as written (no decoding or re-encoding, so rules match the text the device logged):
 * proxies write absolute URLs (`request=http://host:8080/path?q`), which give the domain, the
 * path and the query; anything else is kept as the original only.
 */
export function urlParts(original: string | undefined): { original?: string; domain?: string; path?: string; query?: string; extension?: string } | undefined {
  if (original === undefined) return undefined;
  const scheme = URL_SCHEME.exec(original);
  if (!scheme) return { original };
  const rest = original.slice(scheme[0].length);
  const hostEnd = rest.search(/[/?#]/);
  const authority = hostEnd < 0 ? rest : rest.slice(0, hostEnd);
  const host = authority.slice(authority.lastIndexOf("@") + 1);
  const domain = hostOf(host);
  const tail = hostEnd < 0 ? "" : rest.slice(hostEnd).replace(/#.*$/s, "");
  const q = tail.indexOf("?");
  const path = (q < 0 ? tail : tail.slice(0, q)) || "/";
  return compact({ original, domain: domain || undefined, path, query: q < 0 ? undefined : tail.slice(q + 1), extension: urlExtension(path) });
}

/** A proxy request's target: CONNECT names the tunnel's authority (host:port), anything else a URL. */
export function proxyTarget(method: string | undefined, target: string): ReturnType<typeof urlParts> {
  if (method !== "CONNECT") return urlParts(target);
  return compact({ original: target, domain: hostOf(target) || undefined });
}
