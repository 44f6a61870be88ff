// The allow-list of searchable fields: each maps to an indexed-table column or to a fixed JSON path
// in `doc`. Field names from a query never reach SQL except through this table (or, for
// `original.*`, as validated path segments).

export type FieldType = "keyword" | "text" | "number" | "ip" | "date";

export interface FieldDef {
  name: string;
  type: FieldType;
  /** SQL expression yielding text (timestamptz for dates). */
  sql: string;
  /** For JSON numbers: the jsonb expression whose type is checked before the cast. */
  json?: string;
}

const column = (name: string, type: FieldType, col: string): FieldDef => ({ name, type, sql: col });
const path = (name: string, type: FieldType = "keyword"): FieldDef => {
  const segments = `'{${name.split(".").join(",")}}'`;
  return { name, type, sql: `(doc #>> ${segments})`, json: `(doc #> ${segments})` };
};

const DEFS: FieldDef[] = [
  column("@timestamp", "date", "ts"),
  column("host.name", "keyword", "host"),
  column("event.action", "keyword", "action"),
  column("event.outcome", "keyword", "outcome"),
  column("user.name", "keyword", "user_name"),
  column("source.ip", "ip", "source_ip"),
  column("vigil.sourcetype", "keyword", "sourcetype"),
  column("vigil.receiver", "keyword", "receiver"),
  column("raw", "text", "raw"),
  path("message", "text"),
  ...["event.category", "event.code", "event.type", "event.provider", "event.dataset", "event.module"].map((n) => path(n)),
  ...["user.domain", "user.id", "user.target.name", "group.name", "source.domain", "destination.domain"].map((n) => path(n)),
  ...["process.name", "process.executable", "process.command_line", "process.parent.name", "process.parent.executable"].map((n) => path(n)),
  ...["file.path", "file.name", "url.original", "url.domain", "url.path", "http.request.method", "user_agent.original"].map((n) => path(n)),
  ...["cloud.provider", "cloud.region", "cloud.account.id", "observer.vendor", "observer.product", "rule.name", "log.level"].map((n) => path(n)),
  ...["network.transport", "network.protocol", "network.direction", "log.syslog.appname", "log.syslog.hostname"].map((n) => path(n)),
  ...["destination.ip", "host.ip"].map((n) => path(n, "ip")),
  ...["source.port", "destination.port", "network.bytes", "process.pid", "http.response.status_code", "http.response.bytes"].map((n) => path(n, "number")),
  ...["event.severity", "ocsf.class_uid", "ocsf.category_uid"].map((n) => path(n, "number")),
];

/** Short names analysts type out of habit. */
const ALIASES: Record<string, string> = {
  user: "user.name",
  host: "host.name",
  action: "event.action",
  outcome: "event.outcome",
  sourcetype: "vigil.sourcetype",
  bytes: "network.bytes",
};

const BY_NAME = new Map(DEFS.map((d) => [d.name, d]));

/** `original.<key>[.<key>...]`: the fields as the sender named them; segments are kept to safe characters. */
const ORIGINAL_SEGMENT = /^[A-Za-z0-9_@-]{1,64}$/;
const MAX_ORIGINAL_DEPTH = 8;

export const KNOWN_FIELDS: readonly string[] = [...DEFS.map((d) => d.name), ...Object.keys(ALIASES), "original.<field>"];

export type FieldLookup = { ok: true; def: FieldDef } | { ok: false; reason: string };

export function lookupField(name: string): FieldLookup {
  const def = BY_NAME.get(ALIASES[name] ?? name);
  if (def) return { ok: true, def };
  if (name.startsWith("original.")) {
    const segments = name.split(".").slice(1);
    if (segments.length > MAX_ORIGINAL_DEPTH || !segments.every((s) => ORIGINAL_SEGMENT.test(s))) {
      return { ok: false, reason: `"${name}" is not a valid original field: up to ${MAX_ORIGINAL_DEPTH} dot-separated names of letters, digits, _, @ or -` };
    }
    return { ok: true, def: path(name) };
  }
  return { ok: false, reason: `unknown field "${name}"; known fields: ${KNOWN_FIELDS.join(", ")}` };
}
