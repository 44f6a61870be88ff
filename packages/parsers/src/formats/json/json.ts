// Generic JSON object: a known product shape (Windows, CloudTrail, Okta) gets its own mapping,
// anything else the generic ECS field picks of the event builder.
import type { FormatComponent, ParsedRecord, RecordResult } from "../../format/component";
import { noConfig, ok } from "../../format/component";
import { cloudTrailRecord, isCloudTrail } from "../cloud/cloudtrail";
import { isOkta, oktaRecord } from "../cloud/okta";
import { flattenWindowsEvent } from "../windows/flatten";
import { windowsRecord } from "../windows/windows";
import { parseJsonRecord } from "./json-record";

export type JsonKind = "windows" | "cloudtrail" | "okta" | "json";

export function jsonObjectRecord(doc: Record<string, unknown>): { kind: JsonKind; record: ParsedRecord } {
  const windows = flattenWindowsEvent(doc);
  if (windows) return { kind: "windows", record: windowsRecord(windows) };
  if (isCloudTrail(doc)) return { kind: "cloudtrail", record: cloudTrailRecord(doc) };
  if (isOkta(doc)) return { kind: "okta", record: oktaRecord(doc) };
  return { kind: "json", record: { original: doc, fields: {} } };
}

export function parseJsonAny(raw: string): RecordResult {
  const doc = parseJsonRecord(raw);
  if (!doc.ok) return doc;
  return ok(jsonObjectRecord(doc.value).record);
}

export const jsonFormat: FormatComponent = {
  id: "json",
  description: "One JSON object; Windows/CloudTrail/Okta shapes are recognized, others mapped by common field names.",
  defaults: {},
  configure: noConfig("json"),
  build: () => (raw) => parseJsonAny(raw),
};
