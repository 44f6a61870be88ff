import type { ServiceDeps } from "@vigil/services";
import { describe, expect, it } from "vitest";
import { LastKnownTokens } from "./tokens";

const TOKEN = `vgl_${"a".repeat(43)}`;
const OTHER = `vgl_${"b".repeat(43)}`;

/** A database stand-in answering vigil_resolve_token the way `mode` says. */
function services(state: { mode: "up" | "down" | "revoked" }): ServiceDeps {
  const query = async () => {
    if (state.mode === "down") throw Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    return { rows: state.mode === "up" ? [{ token_id: "tok", tenant_id: "tenant-a", kind: "INGEST" }] : [] };
  };
  return { db: { pool: { query } } } as unknown as ServiceDeps;
}

describe("LastKnownTokens", () => {
  it("asks the database every time, and answers from the last good answer only while it is unreachable", async () => {
    const state: { mode: "up" | "down" | "revoked" } = { mode: "up" };
    const tokens = new LastKnownTokens(services(state));
    expect(await tokens.resolve(TOKEN)).toEqual({ tenantId: "tenant-a" });
    state.mode = "down";
    expect(await tokens.resolve(TOKEN)).toEqual({ tenantId: "tenant-a" });
    // Never confirmed: the outage is reported, not guessed around.
    await expect(tokens.resolve(OTHER)).rejects.toThrow("ECONNREFUSED");
    // Revoked while up: forgotten at once, so the next outage does not revive it.
    state.mode = "revoked";
    expect(await tokens.resolve(TOKEN)).toBeNull();
    state.mode = "down";
    await expect(tokens.resolve(TOKEN)).rejects.toThrow("ECONNREFUSED");
  });
});
