// The normalized event model: ECS-style names for the common fields, plus the fields as sent
// (`original`) and the raw text, so nothing a sender wrote is lost by normalization.
// Every section besides `event`, `vigil`, `original` and `raw` is optional; parsers fill what
// the format carries. Names follow ECS (https://www.elastic.co/guide/en/ecs/current/).

export type EventOutcome = "success" | "failure" | "unknown";

export interface EventSection {
  action?: string;
  outcome?: EventOutcome;
  category?: string;
  code?: string;
  /** ECS event.type ("start", "creation", "denied", ...). */
  type?: string;
  provider?: string;
  dataset?: string;
  module?: string;
  severity?: number;
}

export interface UserSection {
  name?: string;
  domain?: string;
  id?: string;
  /** The account acted upon (created, added to a group, impersonated). */
  target?: { name?: string; domain?: string; id?: string };
}

export interface EndpointSection {
  ip?: string;
  port?: number;
  address?: string;
  domain?: string;
  mac?: string;
}

export interface ProcessSection {
  name?: string;
  command_line?: string;
  pid?: number;
  executable?: string;
  entity_id?: string;
  parent?: { name?: string; executable?: string; command_line?: string; pid?: number; entity_id?: string };
}

export interface SyslogSection {
  priority?: number;
  facility?: { code: number; name: string };
  severity?: { code: number; name: string };
  appname?: string;
  procid?: string;
  msgid?: string;
  hostname?: string;
  version?: number;
  structured_data?: Record<string, Record<string, string>>;
}

export interface VigilEvent {
  /** sha256 hex of `${tenantId}\n${raw}`: replays of the same record get the same id. */
  id: string;
  /** ISO 8601 instant of the event (sender's time when known, else receive time). */
  "@timestamp": string;
  event: EventSection;
  user?: UserSection;
  source?: EndpointSection;
  destination?: EndpointSection;
  network?: { transport?: string; protocol?: string; direction?: string; bytes?: number; interface?: { in?: string; out?: string } };
  host?: { name?: string; ip?: string };
  process?: ProcessSection;
  file?: { path?: string; name?: string; hash?: Record<string, string> };
  registry?: { path?: string; value?: string; data?: { strings?: string[] } };
  url?: { original?: string; path?: string; query?: string; domain?: string; extension?: string };
  http?: { request?: { method?: string; referrer?: string }; response?: { status_code?: number; bytes?: number }; version?: string };
  user_agent?: { original?: string };
  cloud?: { provider?: string; region?: string; account?: { id?: string }; service?: { name?: string } };
  group?: { name?: string; id?: string };
  observer?: { vendor?: string; product?: string; version?: string };
  rule?: { name?: string; id?: string };
  log?: { syslog?: SyslogSection; level?: string };
  /** OCSF class of the event (https://schema.ocsf.io/classes). */
  ocsf?: { class_uid?: number; category_uid?: number };
  message?: string;
  vigil: { receiver: string; sourcetype?: string; source?: string; index?: string; receivedAt?: string; format?: string };
  original: Record<string, unknown>;
  raw: string;
}

/** Receiver names stored with events and dead letters (`vigil.receiver`). */
export type Receiver = "hec" | "ndjson" | "hec-raw" | "syslog" | "bulk" | "trpc" | "otlp" | "file";
