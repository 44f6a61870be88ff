import { describe, expect, it } from "vitest";
import { EnvError, readEnv } from "./index";

describe("readEnv", () => {
  it("applies defaults for the slice asked for", () => {
    const env = readEnv("temporal", {});
    expect(env).toEqual({ TEMPORAL_ADDRESS: "127.0.0.1:7233", TEMPORAL_NAMESPACE: "default", TEMPORAL_TASK_QUEUE: "vigil-response" });
  });

  it("coerces ports and rejects out-of-range ones with the variable's name", () => {
    expect(readEnv("smtp", { SMTP_PORT: "2526" }).SMTP_PORT).toBe(2526);
    expect(() => readEnv("smtp", { SMTP_PORT: "70000" })).toThrowError(/SMTP_PORT/);
  });

  it("requires DATABASE_URL only for the database slice", () => {
    expect(() => readEnv("database", {})).toThrowError(EnvError);
    expect(() => readEnv("database", {})).toThrowError(/DATABASE_URL/);
    expect(readEnv("ingest", {}).VIGIL_INGEST_PORT).toBe(8088);
  });

  it("accepts a database URL and keeps the optional admin URL", () => {
    const env = readEnv("database", { DATABASE_URL: "postgresql://a@127.0.0.1:5432/v", DATABASE_ADMIN_URL: "postgresql://p@127.0.0.1:5432/v" });
    expect(env.DATABASE_ADMIN_URL).toBe("postgresql://p@127.0.0.1:5432/v");
  });

  it("rejects a short AUTH_SECRET", () => {
    expect(() => readEnv("web", { AUTH_SECRET: "short" })).toThrowError(/AUTH_SECRET/);
  });
});
