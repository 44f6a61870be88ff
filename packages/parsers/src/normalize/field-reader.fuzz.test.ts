// The precompiled readers against @vigil/schema's getField (the semantics they copy) on random
// documents mixing nested objects, flat dotted keys, arrays, nulls and prototype-named keys.
import { getField } from "@vigil/schema";
import { describe, expect, it } from "vitest";
import { fieldReader } from "./field-reader";
import { CANDIDATES } from "./pick";

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

const SEGMENTS = ["user", "name", "source", "ip", "event", "action", "a", "b", "constructor", "toString", "__proto__"];

function randomDoc(rand: () => number, depth: number): unknown {
  const r = rand();
  if (depth > 3 || r < 0.2) return [undefined, null, "", "x", 1, true, [], ["v"]][Math.floor(rand() * 8)];
  const doc: Record<string, unknown> = {};
  for (let n = Math.floor(rand() * 5); n > 0; n--) {
    const parts = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => SEGMENTS[Math.floor(rand() * SEGMENTS.length)] as string);
    Object.defineProperty(doc, parts.join("."), { value: randomDoc(rand, depth + 1), enumerable: true, writable: true, configurable: true });
  }
  return doc;
}

describe("fieldReader equals getField", { timeout: 120_000 }, () => {
  const paths = [...Object.values(CANDIDATES).flat(), "a", "a.b", "a.b.a", "user.name.a", "constructor", "toString", "__proto__", "a.constructor", ""];
  const readers = paths.map((p) => [p, fieldReader(p)] as const);

  it("on 2,000 random documents and every candidate path", () => {
    const rand = rng(5);
    for (let n = 0; n < 2000; n++) {
      const doc = randomDoc(rand, 0);
      for (const [path, read] of readers) expect(read(doc), `${path} in ${JSON.stringify(doc)}`).toBe(getField(doc, path));
    }
  });

  it("on JSON-parsed documents with flat and nested forms", () => {
    const docs = ['{"user":{"name":"n"}}', '{"user.name":"flat"}', '{"user":{"name":null},"user.name":"second"}', '{"source":{"ip":"1.2.3.4"},"src_ip":"5.6.7.8"}', '{"__proto__":{"x":1},"constructor":"c"}'];
    for (const text of docs) {
      const doc: unknown = JSON.parse(text);
      for (const [path, read] of readers) expect(read(doc), `${path} in ${text}`).toBe(getField(doc, path));
    }
  });
});
