// AWS CloudTrail records (one record, or the {"Records":[...]} file/S3 shape split by the body parser).
import { getField, isRecord } from "@vigil/schema";
import type { EcsFields, FormatComponent, ParsedRecord, RecordResult } from "../../format/component";
import { fail, noConfig, ok } from "../../format/component";
import { compact, text, toIp } from "../../format/util";
import { parseJsonRecord } from "../json/json-record";
import { OCSF } from "../linux/ocsf";

export function isCloudTrail(doc: Record<string, unknown>): boolean {
  return typeof doc.eventSource === "string" && typeof doc.eventName === "string" && ("eventVersion" in doc || "awsRegion" in doc);
}

const str = (doc: unknown, path: string) => text(getField(doc, path));

function userName(doc: Record<string, unknown>): string | undefined {
  const arn = str(doc, "userIdentity.arn");
  return str(doc, "userIdentity.userName") ?? str(doc, "userIdentity.sessionContext.sessionIssuer.userName") ?? (arn ? arn.slice(arn.lastIndexOf("/") + 1) : undefined) ?? str(doc, "userIdentity.principalId");
}

const AUTH_EVENTS = /^(ConsoleLogin|AssumeRole.*|GetSessionToken|GetFederationToken|CheckMfa|SwitchRole)$/;

function category(name: string, source: string): { category?: string; ocsf: number } {
  if (AUTH_EVENTS.test(name)) return { category: "authentication", ocsf: OCSF.authentication };
  if (source === "iam.amazonaws.com" && /Group/.test(name)) return { category: "iam", ocsf: OCSF.groupManagement };
  if (source === "iam.amazonaws.com" && /^(Create|Delete|Update|Attach|Detach|Put|Add|Remove)/.test(name)) return { category: "iam", ocsf: OCSF.accountChange };
  return { ocsf: OCSF.apiActivity };
}

function outcome(doc: Record<string, unknown>): "success" | "failure" {
  const login = str(doc, "responseElements.ConsoleLogin");
  if (login !== undefined) return login === "Success" ? "success" : "failure";
  return doc.errorCode !== undefined && doc.errorCode !== null ? "failure" : "success";
}

export function cloudTrailRecord(doc: Record<string, unknown>): ParsedRecord {
  const name = String(doc.eventName);
  const source = String(doc.eventSource);
  const kind = category(name, source);
  const addr = str(doc, "sourceIPAddress");
  const ip = toIp(addr);
  const time = typeof doc.eventTime === "string" ? new Date(doc.eventTime) : undefined;
  const fields: EcsFields = {
    event: compact({ action: name, provider: source, outcome: outcome(doc), category: kind.category, module: "cloudtrail", code: str(doc, "errorCode") })!,
    user: compact({ name: userName(doc), id: str(doc, "userIdentity.principalId") }),
    source: compact({ ip, domain: ip === undefined ? addr : undefined }),
    user_agent: compact({ original: str(doc, "userAgent") }),
    cloud: compact({ provider: "aws", region: str(doc, "awsRegion"), account: compact({ id: str(doc, "recipientAccountId") ?? str(doc, "userIdentity.accountId") }), service: { name: source.replace(/\.amazonaws\.com$/, "") } }),
    message: str(doc, "errorMessage"),
    ocsf: { class_uid: kind.ocsf },
  };
  return { original: doc, fields, ...(time && Number.isFinite(time.getTime()) ? { time } : {}) };
}

export function parseCloudTrail(raw: string): RecordResult {
  const doc = parseJsonRecord(raw);
  if (!doc.ok) return doc;
  if (!isCloudTrail(doc.value)) return fail(0, "not a CloudTrail record: expected eventSource, eventName and eventVersion");
  return ok(cloudTrailRecord(doc.value));
}

/** The S3/file shape {"Records":[...]}: the records, or undefined for any other object. */
export function cloudTrailRecords(doc: unknown): Record<string, unknown>[] | undefined {
  if (!isRecord(doc) || !Array.isArray(doc.Records)) return undefined;
  const records = doc.Records.filter(isRecord);
  return records.length > 0 && records.every(isCloudTrail) ? records : undefined;
}

export const cloudTrailFormat: FormatComponent = {
  id: "cloudtrail",
  description: "AWS CloudTrail record (also the {\"Records\":[...]} file shape).",
  defaults: {},
  configure: noConfig("cloudtrail"),
  build: () => (raw) => parseCloudTrail(raw),
};
