// Okta System Log events (/api/v1/logs, event hooks, log streaming).
import { getField, isRecord } from "@vigil/schema";
import type { EventOutcome } from "@vigil/schema";
import type { EcsFields, FormatComponent, ParsedRecord, RecordResult } from "../../format/component";
import { fail, noConfig, ok } from "../../format/component";
import { compact, text, toIp } from "../../format/util";
import { parseJsonRecord } from "../json/json-record";
import { OCSF } from "../linux/ocsf";

export function isOkta(doc: Record<string, unknown>): boolean {
  return typeof doc.eventType === "string" && typeof doc.published === "string" && isRecord(doc.actor);
}

const str = (doc: unknown, path: string) => text(getField(doc, path));

const OUTCOMES: Record<string, EventOutcome> = { SUCCESS: "success", ALLOW: "success", FAILURE: "failure", DENY: "failure" };

function kind(eventType: string): { category?: string; ocsf: number } {
  if (/^user\.(session|authentication|mfa)\./.test(eventType)) return { category: "authentication", ocsf: OCSF.authentication };
  if (/^group\.user_membership\./.test(eventType)) return { category: "iam", ocsf: OCSF.groupManagement };
  if (/^user\.(lifecycle|account)\./.test(eventType)) return { category: "iam", ocsf: OCSF.accountChange };
  return { ocsf: OCSF.apiActivity };
}

function targetUser(doc: Record<string, unknown>): string | undefined {
  if (!Array.isArray(doc.target)) return undefined;
  const user = doc.target.find((t) => isRecord(t) && t.type === "User");
  return user === undefined ? undefined : str(user, "alternateId");
}

export function oktaRecord(doc: Record<string, unknown>): ParsedRecord {
  const eventType = String(doc.eventType);
  const k = kind(eventType);
  const result = str(doc, "outcome.result");
  const time = new Date(String(doc.published));
  const fields: EcsFields = {
    event: compact({ action: eventType, outcome: result === undefined ? undefined : OUTCOMES[result] ?? "unknown", category: k.category, module: "okta", provider: "okta" })!,
    user: compact({ name: str(doc, "actor.alternateId"), id: str(doc, "actor.id"), target: compact({ name: targetUser(doc) }) }),
    source: compact({ ip: toIp(str(doc, "client.ipAddress")) }),
    user_agent: compact({ original: str(doc, "client.userAgent.rawUserAgent") }),
    message: str(doc, "displayMessage"),
    ocsf: { class_uid: k.ocsf },
  };
  return { original: doc, fields, ...(Number.isFinite(time.getTime()) ? { time } : {}) };
}

export function parseOkta(raw: string): RecordResult {
  const doc = parseJsonRecord(raw);
  if (!doc.ok) return doc;
  if (!isOkta(doc.value)) return fail(0, "not an Okta System Log event: expected eventType, published and actor");
  return ok(oktaRecord(doc.value));
}

export const oktaFormat: FormatComponent = {
  id: "okta",
  description: "Okta System Log event (eventType, actor, client, outcome).",
  defaults: {},
  configure: noConfig("okta"),
  build: () => (raw) => parseOkta(raw),
};
