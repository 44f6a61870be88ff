// Elasticsearch outputs authenticate with `ApiKey <base64(id:key)>` (Filebeat, Logstash, Vector),
// `ApiKey <key>`, `Basic <base64(user:password)>` or `Bearer <token>`. Vigil reads the ingest
// token from the key (the part after "id:" when there is one) or from the password.
import { looksLikeToken } from "@vigil/services/tokens";

const SCHEME = /^(apikey|basic|bearer)\s+(\S+)\s*$/i;

function decode(value: string): string {
  return Buffer.from(value, "base64").toString("utf8");
}

function fromApiKey(value: string): string {
  if (looksLikeToken(value)) return value;
  const decoded = decode(value);
  const colon = decoded.indexOf(":");
  return colon >= 0 ? decoded.slice(colon + 1) : decoded;
}

/** The token carried by the header; `undefined` when there is no usable Authorization header. */
export function esToken(header: string | undefined): string | undefined {
  if (header === undefined || header.trim() === "") return undefined;
  const m = SCHEME.exec(header);
  if (!m) return "";
  const scheme = (m[1] as string).toLowerCase();
  const value = m[2] as string;
  if (scheme === "bearer") return value;
  if (scheme === "apikey") return fromApiKey(value);
  const decoded = decode(value);
  const colon = decoded.indexOf(":");
  return colon >= 0 ? decoded.slice(colon + 1) : "";
}
