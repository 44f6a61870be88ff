import { describe, expect, it } from "vitest";
import { compileQuery } from "./compiler";
import { parseQuery } from "./parser";

const compile = (q: string, first = 1) => compileQuery(parseQuery(q), first);

describe("compileQuery", () => {
  it("maps columns and JSON paths, values only as parameters", () => {
    expect(compile("user.name:alice AND event.outcome:failure")).toEqual({
      sql: "((user_name = $1) and (outcome = $2))",
      params: ["alice", "failure"],
    });
    expect(compile("process.name:cmd.exe", 4)).toEqual({ sql: "((doc #>> '{process,name}') = $4)", params: ["cmd.exe"] });
    expect(compile("original.src_ip:1.2.3.4").sql).toBe("((doc #>> '{original,src_ip}') = $1)");
  });

  it("keeps SQL-injection-looking values as parameters", () => {
    const hostile = `user.name:"alice' OR '1'='1" OR host:x'\\);drop\\ table\\ events;--`;
    const { sql, params } = compile(hostile);
    expect(sql).toBe("((user_name = $1) or (host = $2))");
    expect(params).toEqual(["alice' OR '1'='1", "x');drop table events;--"]);
    expect(compile(`"'; select pg_sleep(10); --"`)).toEqual({ sql: "(raw ilike $1)", params: ["%'; select pg\\_sleep(10); --%"] });
  });

  it("rejects unknown fields with the list of known ones, and unsafe original paths", () => {
    expect(() => compile("usr.name:alice")).toThrow(/^position 1: unknown field "usr.name"; known fields: @timestamp, host.name, .*user.name/);
    expect(() => compile("a AND original..x:1")).toThrow(/^position 7: "original..x" is not a valid original field/);
    // Characters outside field names make the whole word free text: a parameter, never an identifier.
    expect(compile("original.x}'{y:1")).toEqual({ sql: "(raw ilike $1)", params: ["%original.x}'{y:1%"] });
  });

  it("compiles wildcards to LIKE, free text to ILIKE and NOT to a NULL-safe negation", () => {
    expect(compile("host:web-*")).toEqual({ sql: "(host like $1)", params: ["web-%"] });
    expect(compile("fail*ed 50%")).toEqual({ sql: "((raw ilike $1) and (raw ilike $2))", params: ["%fail%ed%", "%50\\%%"] });
    expect(compile("NOT user.name:bob").sql).toBe("(not coalesce((user_name = $1), false))");
    expect(compile("user.name:*").sql).toBe("(user_name is not null)");
    expect(compile("*").sql).toBe("true");
  });

  it("compiles number, IP and date ranges with typed parameters", () => {
    expect(compile("bytes:[1000 TO 5000}")).toEqual({
      sql: "((case when jsonb_typeof((doc #> '{network,bytes}')) = 'number' then (doc #>> '{network,bytes}')::numeric end) >= $1::numeric and (case when jsonb_typeof((doc #> '{network,bytes}')) = 'number' then (doc #>> '{network,bytes}')::numeric end) < $2::numeric)",
      params: ["1000", "5000"],
    });
    expect(compile("source.ip:10.0.0.0/8").sql).toMatch(/^\(\(case when source_ip ~ '.*' then source_ip::inet end\) <<= \$1::inet\)$/);
    expect(compile("source.ip:[10.0.0.1 TO 10.0.0.9]").params).toEqual(["10.0.0.1", "10.0.0.9"]);
    expect(compile("@timestamp:>2026-11-27T10:00:00+01:00")).toEqual({ sql: "(ts > $1::timestamptz)", params: ["2026-11-27T09:00:00.000Z"] });
  });

  it("checks values against the field type, pointing at the value", () => {
    expect(() => compile("bytes:>=lots")).toThrow('position 9: "lots" is not a number (network.bytes is numeric)');
    expect(() => compile("source.ip:10.0.0.0/33")).toThrow(/^position 11: "10.0.0.0\/33" is not a CIDR block/);
    expect(() => compile("user.name:[a TO b]")).toThrow('position 1: ranges apply to number, IP and date fields; "user.name" is keyword');
    expect(() => compile("source.port:8*")).toThrow(/wildcards do not apply to number field/);
    expect(() => compile("@timestamp:yesterday")).toThrow(/is not a date/);
  });
});
