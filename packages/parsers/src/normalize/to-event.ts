// Builds a VigilEvent from the fields as sent. Envelope metadata (HEC host, time, sourcetype)
// wins over the event's own fields, which win over HEC indexed `fields`.
import type { Receiver, VigilEvent } from "@vigil/schema";
import { hash } from "node:crypto";
import type { EcsFields } from "../format/component";
import { compact } from "../format/util";
import { storableString } from "../json/parse";
import { messageContent, PROGRAM_FIELDS } from "./message-content";
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

/** The sender classified nothing: no action, outcome, category or code among its fields. */
function unclassified(e: VigilEvent["event"]): boolean {
  return e.action === undefined && e.outcome === undefined && e.category === undefined && e.code === undefined;
}

/**
 * The content's sections win (the line is the event); host and process are merged, the line's
 * own values first (a central log server's file names each line's origin host).
 */
function overlay(generic: EcsFields, content: EcsFields): EcsFields {
  const host = generic.host;
  const process = generic.process;
  const out: EcsFields = { ...generic };
  for (const key in content) {
    const section = content[key as keyof EcsFields];
    if (section !== undefined) (out as Record<string, unknown>)[key] = section;
  }
  if (host && content.host) out.host = { ...host, ...content.host };
  if (process && content.process) out.process = { ...process, ...content.process };
  return out;
}

interface Resolved {
  fields: EcsFields;
  original: Record<string, unknown>;
  format?: string;
  time?: Date;
}

/**
 * Sections of a free-form JSON record: the generic picks, with the content of its `message`
 * (Fluent Bit: `log`) line when the sender classified nothing and that line is a recognized log
 * (message-content.ts). The content's own fields join `original`, winning over a shipper's
 * same-named metadata (Logstash's `type`), except `message`, which stays the line as sent.
 */
function resolveSections(input: NormalizeInput, docs: readonly unknown[]): Resolved {
  if (input.fields !== undefined) return { fields: input.fields, original: input.original };
  const generic = genericSections(docs);
  if (!unclassified(generic.event ?? {})) return { fields: generic, original: input.original };
  const log = input.original.log;
  const line = generic.message ?? (typeof log === "string" ? log : undefined);
  const content = line === undefined ? undefined : messageContent(line, pickText(docs, PROGRAM_FIELDS), input.receivedAt);
  if (!content) return { fields: generic, original: input.original };
  const { message: _message, ...contentOriginal } = content.original;
  return {
    fields: overlay(generic, content.fields),
    original: { ...input.original, ...contentOriginal },
    format: content.format,
    ...(content.time ? { time: content.time } : {}),
  };
}

export function toVigilEvent(input: NormalizeInput): VigilEvent {
  const docs = input.extra ? [input.original, input.extra] : [input.original];
  const resolved = resolveSections(input, docs);
  const time = input.time ?? parseTimestamp(pickValue(docs, CANDIDATES.timestamp)) ?? resolved.time ?? input.receivedAt;
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
      format: resolved.format ?? input.format,
      receivedAt: receivedIso(input.receivedAt),
    }) ?? { receiver: input.receiver },
    original: resolved.original,
    raw,
  };
  // A format parser's sections are complete: the generic picks are only for free-form JSON.
  const merged: EcsFields = resolved.fields;
  // Envelope metadata (HEC `host`) wins over what the record says.
  if (input.host !== undefined) merged.host = { ...merged.host, name: input.host };
  copySections(event, merged);
  return event;
}
