// Builds a VigilEvent from the fields as sent. Envelope metadata (HEC host, time, sourcetype)
// wins over the event's own fields, which win over HEC indexed `fields`.
import type { Receiver, VigilEvent } from "@vigil/schema";
import { hash } from "node:crypto";
import type { EcsFields } from "../format/component";
import { compact } from "../format/util";
import { storableString } from "../json/parse";
import { windowsEvent, toOutcome } from "./outcome";
import { CANDIDATES, pickIp, pickText, pickValue } from "./pick";
import { parseTimestamp } from "./time";

export interface NormalizeInput {
  tenantId: string;
  receivedAt: Date;
  receiver: Receiver;
  raw: string;
  original: Record<string, unknown>;
  /** Lower-priority fields (HEC indexed `fields`). */
  extra?: Record<string, unknown>;
  time?: Date;
  host?: string;
  sourcetype?: string;
  source?: string;
  index?: string;
  /** ECS sections a format parser derived; they win over the generic field picks. */
  fields?: EcsFields;
  /** Id of the format component that parsed the record (`vigil.format`). */
  format?: string;
}

/**
 * Stable id of an event: tenant, event time and raw text. A replay of the same record yields the
 * same id (stored once); the same text at another time is another event (a repeated failed login
 * without its own timestamp gets the receive time, so each attempt counts).
 */
export function eventId(tenantId: string, raw: string, timestamp: string): string {
  // One-shot hash: no Hash object per event (a sixth of the HEC parse time with createHash).
  return hash("sha256", `${tenantId}\n${timestamp}\n${raw}`, "hex");
}

// Every event of a body shares one receive time: format it once, not once per event.
let lastReceived = Number.NaN;
let lastReceivedIso = "";
function receivedIso(at: Date): string {
  const ms = at.getTime();
  if (ms !== lastReceived) {
    lastReceived = ms;
    lastReceivedIso = at.toISOString();
  }
  return lastReceivedIso;
}

function eventSection(docs: readonly unknown[]): VigilEvent["event"] {
  const code = pickText(docs, CANDIDATES.code);
  const windows = windowsEvent(code);
  const outcome = toOutcome(pickValue(docs, CANDIDATES.outcome)) ?? windows?.outcome;
  const action = pickText(docs, CANDIDATES.action) ?? windows?.action;
  const category = pickText(docs, CANDIDATES.category) ?? windows?.category;
  return compact({ action, outcome, category, code }) ?? {};
}

/** Explicit stores, in one order: V8 keeps one object shape for every event (fast to build and serialize). */
function copySections(e: VigilEvent, m: EcsFields): void {
  e.event = m.event ?? {};
  if (m.user !== undefined) e.user = m.user;
  if (m.source !== undefined) e.source = m.source;
  if (m.destination !== undefined) e.destination = m.destination;
  if (m.network !== undefined) e.network = m.network;
  if (m.host !== undefined) e.host = m.host;
  if (m.process !== undefined) e.process = m.process;
  if (m.file !== undefined) e.file = m.file;
  if (m.registry !== undefined) e.registry = m.registry;
  if (m.url !== undefined) e.url = m.url;
  if (m.http !== undefined) e.http = m.http;
  if (m.user_agent !== undefined) e.user_agent = m.user_agent;
  if (m.cloud !== undefined) e.cloud = m.cloud;
  if (m.group !== undefined) e.group = m.group;
  if (m.observer !== undefined) e.observer = m.observer;
  if (m.rule !== undefined) e.rule = m.rule;
  if (m.log !== undefined) e.log = m.log;
  if (m.ocsf !== undefined) e.ocsf = m.ocsf;
  if (m.message !== undefined) e.message = m.message;
}

function genericSections(docs: readonly unknown[]): EcsFields {
  return {
    event: eventSection(docs),
    user: compact({ name: pickText(docs, CANDIDATES.user) }),
    source: compact({ ip: pickIp(docs) }),
    host: compact({ name: pickText(docs, CANDIDATES.host) }),
    file: compact({ path: pickText(docs, CANDIDATES.file) }),
    process: compact({ name: pickText(docs, CANDIDATES.processName), command_line: pickText(docs, CANDIDATES.command) }),
    url: compact({ original: pickText(docs, CANDIDATES.url) }),
    message: pickText(docs, CANDIDATES.message),
  };
}

export function toVigilEvent(input: NormalizeInput): VigilEvent {
  const docs = input.extra ? [input.original, input.extra] : [input.original];
  const time = input.time ?? parseTimestamp(pickValue(docs, CANDIDATES.timestamp)) ?? input.receivedAt;
  const raw = storableString(input.raw);
  const timestamp = time.toISOString();
  const event: VigilEvent = {
    id: eventId(input.tenantId, raw, timestamp),
    "@timestamp": timestamp,
    event: {},
    vigil: compact({
      receiver: input.receiver,
      sourcetype: input.sourcetype,
      source: input.source,
      index: input.index,
      format: input.format,
      receivedAt: receivedIso(input.receivedAt),
    }) ?? { receiver: input.receiver },
    original: input.original,
    raw,
  };
  // A format parser's sections are complete: the generic picks are only for free-form JSON.
  const merged: EcsFields = input.fields ?? genericSections(docs);
  // Envelope metadata (HEC `host`) wins over what the record says.
  if (input.host !== undefined) merged.host = { ...merged.host, name: input.host };
  copySections(event, merged);
  return event;
}
