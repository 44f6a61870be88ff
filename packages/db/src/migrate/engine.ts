// Loads Prisma's schema engine (WebAssembly build) and binds it to PostgreSQL through adapter-pg.
// The package ships bundler-style wasm-bindgen glue, so we instantiate the .wasm ourselves.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory, DriverAdapterError } from "@prisma/driver-adapter-utils";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type { SchemaEngine } from "@prisma/schema-engine-wasm";
import pg from "pg";

const CHAR_OID = 18; // Postgres' internal "char"; adapter-pg cannot describe it
const TEXT_OID = 25;

type QueryFn = (...args: unknown[]) => unknown;

function charAsText(result: unknown): unknown {
  const fields = (result as { fields?: { dataTypeID: number }[] } | undefined)?.fields;
  for (const field of fields ?? []) if (field.dataTypeID === CHAR_OID) field.dataTypeID = TEXT_OID;
  return result;
}

/** Wraps a pg `query` (promise or callback style) so results report "char" columns as text. */
function patchQuery(target: { query: unknown }): void {
  const original = (target.query as QueryFn).bind(target);
  target.query = (...args: unknown[]) => {
    const last = args[args.length - 1];
    if (typeof last === "function") {
      const callback = last as (err: unknown, res: unknown) => void;
      return original(...args.slice(0, -1), (err: unknown, res: unknown) => callback(err, err ? res : charAsText(res)));
    }
    const out = original(...args);
    return out instanceof Promise ? out.then(charAsText) : out;
  };
}

/** A pool whose results report "char" columns as text, so adapter-pg can read catalog queries. */
export function createEnginePool(connectionString: string): pg.Pool {
  const pool = new pg.Pool({ connectionString, max: 2 });
  patchQuery(pool as unknown as { query: unknown });
  pool.on("connect", (client) => patchQuery(client as unknown as { query: unknown }));
  pool.on("error", () => undefined);
  return pool;
}

/**
 * adapter-pg's executeScript splits the script on ";", which breaks dollar-quoted function bodies.
 * Send the whole migration as one simple-protocol query instead: PostgreSQL runs a multi-statement
 * query as one implicit transaction, so a failing migration leaves nothing half-applied.
 */
async function connectAdapter(pool: pg.Pool): Promise<SqlDriverAdapter> {
  const adapter = await new PrismaPg(pool, { disposeExternalPool: true }).connect();
  adapter.executeScript = async (script: string) => {
    try {
      await pool.query(script);
    } catch (error) {
      const e = error as pg.DatabaseError;
      if (typeof e.code !== "string") throw error;
      throw new DriverAdapterError({
        kind: "postgres",
        code: e.code,
        severity: e.severity ?? "ERROR",
        message: e.message,
        detail: e.detail,
        column: e.column,
        hint: e.hint,
      });
    }
  };
  return adapter;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** adapter factory: main database, and a throwaway shadow database created and dropped by us. */
class EngineAdapterFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = "postgres" as const;
  readonly adapterName = "@prisma/adapter-pg";
  /** Everything to release when the engine is done (the engine itself does not dispose adapters). */
  readonly cleanups: (() => Promise<void>)[] = [];
  constructor(private readonly url: string) {}

  connect(): Promise<SqlDriverAdapter> {
    const pool = createEnginePool(this.url);
    this.cleanups.push(() => (pool.ended ? Promise.resolve() : pool.end()));
    return connectAdapter(pool);
  }

  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    const name = `vigil_shadow_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
    const admin = new pg.Client({ connectionString: this.url });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE "${name}"`);
    } finally {
      await admin.end();
    }
    const pool = createEnginePool(withDatabase(this.url, name));
    const adapter = await connectAdapter(pool);
    let disposed = false;
    adapter.dispose = async () => {
      if (disposed) return;
      disposed = true;
      if (!pool.ended) await pool.end();
      const drop = new pg.Client({ connectionString: this.url });
      await drop.connect();
      try {
        await drop.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await drop.end();
      }
    };
    this.cleanups.push(() => adapter.dispose());
    return adapter;
  }
}

interface WasmBg {
  __wbg_set_wasm(exports: Record<string, unknown>): void;
  SchemaEngine: typeof SchemaEngine;
}

// The ES2023 lib has no WebAssembly declarations (they live in lib.dom); declare what we use.
interface WasmApi {
  instantiate(bytes: Uint8Array, imports: Record<string, unknown>): Promise<{ instance: { exports: Record<string, unknown> } }>;
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

let loaded: Promise<WasmBg> | undefined;

async function loadWasm(): Promise<WasmBg> {
  const require = createRequire(import.meta.url);
  const gluePath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
  const bg = (await import("@prisma/schema-engine-wasm/schema_engine_bg")) as unknown as WasmBg;
  const bytes = await readFile(join(dirname(gluePath), "schema_engine_bg.wasm"));
  const { instance } = await wasmApi.instantiate(bytes, { "./schema_engine_bg.js": bg });
  bg.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return bg;
}

export interface EngineLog {
  (message: string): void;
}

/** A schema engine for `url` with the given Prisma schema file loaded as its datamodel. */
export interface OpenEngine {
  engine: SchemaEngine;
  /** Frees the engine and closes its connections (releasing the migration advisory lock). */
  close(): Promise<void>;
}

export async function openSchemaEngine(url: string, schema: { path: string; content: string }, log?: EngineLog): Promise<OpenEngine> {
  loaded ??= loadWasm();
  const bg = await loaded;
  const adapters = new EngineAdapterFactory(url);
  const factory = bindMigrationAwareSqlAdapterFactory(adapters);
  const onLog = (line: string) => log?.(line);
  const engine = await bg.SchemaEngine.new({ datamodels: [[schema.path, schema.content]] }, onLog, factory);
  return {
    engine,
    async close() {
      engine.free();
      for (const cleanup of adapters.cleanups.splice(0)) await cleanup().catch(() => undefined);
    },
  };
}
