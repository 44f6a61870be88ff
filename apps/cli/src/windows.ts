// A JSON record -> VigilEvent, through the parsers' JSON format: Windows events in any of the
// four shapes (evtx_dump, python-evtx, Winlogbeat, NXLog) are flattened so Sigma field names
// (Image, CommandLine, EventID, Channel, Provider_Name, ...) resolve on `original`; CloudTrail,
// Okta and other JSON get their own mappings. The flattener itself lives in @vigil/parsers.
import type { VigilEvent } from "@vigil/schema";
import { jsonFormat, recordToEvent } from "@vigil/parsers";

const parseJson = jsonFormat.build({});
const TENANT = "cli";

/** undefined when the record is not a JSON object (e.g. a bare string or number). */
export function recordEvent(raw: string, source: string, receivedAt: Date): VigilEvent | undefined {
  const result = parseJson(raw, { receivedAt });
  if (!result.ok) return undefined;
  return recordToEvent(result.record, raw, { tenantId: TENANT, receivedAt, receiver: "file", format: "json", source });
}
