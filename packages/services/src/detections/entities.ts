// Alert entities as stored in alerts.entities (jsonb): { user, host, ip, file } string lists.
import type { Entities } from "@vigil/detection";
import { mergeEntities } from "@vigil/detection";

export function readEntities(json: unknown): Entities {
  const obj = (typeof json === "object" && json !== null ? json : {}) as Record<string, unknown>;
  const list = (k: string) => (Array.isArray(obj[k]) ? (obj[k] as unknown[]).filter((v): v is string => typeof v === "string") : []);
  return { user: list("user"), host: list("host"), ip: list("ip"), file: list("file") };
}

export function combineEntities(a: Entities, b: Entities): Entities {
  return mergeEntities([a, b]);
}

export function incidentGroupKey(e: Entities, fallback: string): string {
  if (e.user[0]) return `user:${e.user[0]}`;
  if (e.ip[0]) return `ip:${e.ip[0]}`;
  return fallback;
}
