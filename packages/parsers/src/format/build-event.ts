// A parsed record becomes a VigilEvent through the same builder the JSON receivers use, so
// every format gets the stable id, the receive metadata and the generic field fallbacks.
import type { Receiver, VigilEvent } from "@vigil/schema";
import { toVigilEvent } from "../normalize/to-event";
import type { ParsedRecord } from "./component";

export interface RecordMeta {
  tenantId: string;
  receivedAt: Date;
  receiver: Receiver;
  format: string;
  host?: string;
  source?: string;
  sourcetype?: string;
  index?: string;
}

function hasKeys(obj: object): boolean {
  for (const _ in obj) return true;
  return false;
}

export function recordToEvent(record: ParsedRecord, raw: string, meta: RecordMeta): VigilEvent {
  return toVigilEvent({
    tenantId: meta.tenantId,
    receivedAt: meta.receivedAt,
    receiver: meta.receiver,
    format: meta.format,
    host: meta.host,
    source: meta.source,
    sourcetype: meta.sourcetype,
    index: meta.index,
    raw,
    original: record.original,
    // Free-form JSON comes without sections: the builder's generic field picks fill them.
    fields: hasKeys(record.fields) ? record.fields : undefined,
    time: record.time,
  });
}
