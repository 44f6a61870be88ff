// The normalized event model: ECS-style names for the common fields, plus the fields as sent
// (`original`) and the raw text, so nothing a sender wrote is lost by normalization.

export type EventOutcome = "success" | "failure" | "unknown";

export interface VigilEvent {
  /** sha256 hex of `${tenantId}\n${raw}`: replays of the same record get the same id. */
  id: string;
  /** ISO 8601 instant of the event (sender's time when known, else receive time). */
  "@timestamp": string;
  event: { action?: string; outcome?: EventOutcome; category?: string; code?: string };
  user?: { name?: string };
  source?: { ip?: string };
  host?: { name?: string };
  process?: { name?: string; command_line?: string; pid?: number };
  file?: { path?: string };
  url?: { original?: string };
  message?: string;
  vigil: { receiver: string; sourcetype?: string; source?: string; index?: string; receivedAt?: string };
  original: Record<string, unknown>;
  raw: string;
}

export type Receiver = "hec" | "ndjson";
