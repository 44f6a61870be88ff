// The only place that reads process.env. Each consumer asks for the slice it needs, so a process
// that never touches Temporal does not fail on a missing Temporal setting.
import { z } from "zod";

const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);

/** Every tenant's ingest quota unless an override is set (VIGIL_TENANT_EVENTS_PER_SEC / _BYTES_PER_SEC). */
export const TENANT_QUOTA_DEFAULTS = { eventsPerSecond: 100_000, bytesPerSecond: 64 * 1024 * 1024 } as const;

const schemas = {
  database: z.object({
    DATABASE_URL: z.string().url(),
    DATABASE_ADMIN_URL: z.string().url().optional(),
  }),
  temporal: z.object({
    TEMPORAL_ADDRESS: z.string().default("127.0.0.1:7233"),
    TEMPORAL_NAMESPACE: z.string().default("default"),
    TEMPORAL_TASK_QUEUE: z.string().default("vigil-response"),
  }),
  smtp: z.object({
    SMTP_HOST: z.string().default("127.0.0.1"),
    SMTP_PORT: port(2525),
    SMTP_FROM: z.string().default("Vigil <alerts@vigil.local>"),
  }),
  ingest: z.object({
    VIGIL_INGEST_HOST: z.string().default("127.0.0.1"),
    VIGIL_INGEST_PORT: port(8088),
    VIGIL_INGEST_MAX_BODY_BYTES: z.coerce.number().int().positive().default(5 * 1024 * 1024),
    VIGIL_START_WORKFLOWS: z.enum(["true", "false"]).default("true"),
    /** JetStream mode: store writer and detection in a thread of their own ("false": on the receivers' thread). */
    VIGIL_INGEST_PROCESSING_THREAD: z.enum(["true", "false"]).default("true"),
    /** Nice value of the processing thread (Linux): under overload the receivers keep answering, the backlog waits in JetStream. 0: same as the receivers. */
    VIGIL_INGEST_PROCESSING_NICE: z.coerce.number().int().min(0).max(19).default(19),
    /** The same nice value for the PostgreSQL backends of that thread's connections, when PostgreSQL runs on this machine. */
    VIGIL_INGEST_PROCESSING_NICE_DB: z.enum(["true", "false"]).default("true"),
    VIGIL_LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  }),
  web: z.object({
    VIGIL_WEB_PORT: port(3000),
    VIGIL_PUBLIC_INGEST_URL: z.string().url().default("http://127.0.0.1:8088"),
    AUTH_SECRET: z.string().min(16).default("vigil-development-secret-change-me"),
  }),
  nats: z.object({ NATS_URL: z.string().optional() }),
  /** Read by ingest (which enforces them) and the portal (which shows them). */
  tenantQuota: z.object({
    VIGIL_TENANT_EVENTS_PER_SEC: z.coerce.number().int().positive().default(TENANT_QUOTA_DEFAULTS.eventsPerSecond),
    VIGIL_TENANT_BYTES_PER_SEC: z.coerce.number().int().positive().default(TENANT_QUOTA_DEFAULTS.bytesPerSecond),
  }),
} as const;

export type EnvSlice = keyof typeof schemas;
export type Env<K extends EnvSlice> = z.infer<(typeof schemas)[K]>;

export class EnvError extends Error {
  constructor(slice: string, issues: string) {
    super(`Invalid ${slice} configuration: ${issues}`);
    this.name = "EnvError";
  }
}

export function readEnv<K extends EnvSlice>(slice: K, source: NodeJS.ProcessEnv = process.env): Env<K> {
  const parsed = schemas[slice].safeParse(source);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new EnvError(slice, issues);
  }
  return parsed.data as Env<K>;
}
