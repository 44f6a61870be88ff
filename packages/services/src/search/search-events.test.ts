import { describe, expect, it } from "vitest";
import { searchEventsSql } from "./search-events";

const tenant = "0b0b0b0b-0000-4000-8000-00000000000a";
const from = new Date("2026-11-27T00:00:00Z");
const to = new Date("2026-11-28T00:00:00Z");

describe("searchEventsSql", () => {
  it("keeps the tenant, the window and the page in fixed parameters and the query's values after them", () => {
    const { sql, params, limit } = searchEventsSql(tenant, { query: "user:alice AND event.action:logon", from, to, limit: 50 });
    expect(limit).toBe(50);
    expect(params).toEqual([tenant, from.toISOString(), to.toISOString(), 51, "alice", "logon"]);
    // The shape the (tenant_id, user_name, ts) index serves: equality on the user, a ts range, ts order.
    expect(sql).toMatch(/where tenant_id = \$1::uuid and ts >= \$2::timestamptz and ts < \$3::timestamptz and true and \(\(user_name = \$5\) and \(action = \$6\)\)/);
    expect(sql).toMatch(/order by ts desc, id asc limit \$4$/);
  });

  it("rejects a bad page size or window before any SQL exists", () => {
    expect(() => searchEventsSql(tenant, { query: "*", from, to, limit: 0 })).toThrow(/limit must be an integer from 1 to 500/);
    expect(() => searchEventsSql(tenant, { query: "*", from: to, to: from })).toThrow(/to must be after from/);
    expect(() => searchEventsSql(tenant, { query: "user:", from, to })).toThrow(/position/);
  });
});
