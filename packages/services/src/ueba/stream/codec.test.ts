import { brotliCompressSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { decodeSnapshot, encodeSnapshot as encodeParts, entitiesParts, jsonPieces } from "./codec";

/** A snapshot built as one object, as parts (its `entities` last). */
function partsOf(value: { entities: unknown[]; [key: string]: unknown }) {
  const { entities, ...head } = value;
  return entitiesParts({ head, entities });
}

async function stringifyInSlices(value: { entities: unknown[]; [key: string]: unknown }): Promise<string> {
  let text = "";
  for await (const piece of jsonPieces(partsOf(value))) text += piece;
  return text;
}

const encodeSnapshot = (value: { entities: unknown[]; [key: string]: unknown }) => encodeParts(partsOf(value));

const entity = (i: number) => ({ key: `user:u${i}`, kind: "user", ips: [`10.0.${i % 256}.1`], hist: [i % 7, 0, 1], open: [{ start: i, bins: { 3: 1 } }], note: i % 3 === 0 ? 'quote " and \\ and \u2028' : null });

describe("UEBA state codec", () => {
  it("serializes a large entity list in slices to the same JSON value", async () => {
    const snapshot = { version: 1, tenantId: "t", tenantHist: [1, 2, 3], entities: Array.from({ length: 4_321 }, (_, i) => entity(i)), dropped: 2 };
    const text = await stringifyInSlices(snapshot);
    expect(JSON.parse(text)).toEqual(snapshot);
    for (const n of [0, 1, 999, 1000, 1001, 2000, 2001]) {
      const list = { entities: Array.from({ length: n }, (_, i) => i) };
      expect(await stringifyInSlices(list)).toBe(JSON.stringify(list));
    }
    expect(await stringifyInSlices({ version: 1, entities: [] })).toBe('{"version":1,"entities":[]}');
  });

  it("reads the items of a live collection a slice at a time: what changed meanwhile is saved as it is then", async () => {
    const live = new Map(Array.from({ length: 2_500 }, (_, i) => [i, { n: i }]));
    const parts = { head: { version: 1 }, listKey: "entities", items: (function* () { for (const [k, v] of live) yield { k, n: v.n }; })() };
    let text = "";
    let pieces = 0;
    for await (const piece of jsonPieces(parts)) {
      text += piece;
      if (++pieces === 2) {
        // After the first slice: one read entity changes, one unread changes, one is removed, one added.
        live.get(0)!.n = -1;
        live.get(1_500)!.n = -1;
        live.delete(2_000);
        live.set(9_999, { n: 9_999 });
      }
    }
    const saved = JSON.parse(text) as { entities: { k: number; n: number }[] };
    const byKey = new Map(saved.entities.map((e) => [e.k, e.n]));
    expect(byKey.get(0)).toBe(0);
    expect(byKey.get(1_500)).toBe(-1);
    expect(byKey.has(2_000)).toBe(false);
    expect(byKey.get(9_999)).toBe(9_999);
    expect(saved.entities).toHaveLength(2_500);
  });

  it("lets the event loop through while it encodes a large snapshot", async () => {
    const snapshot = { version: 1, entities: Array.from({ length: 20_000 }, (_, i) => entity(i)) };
    let turns = 0;
    const timer = setInterval(() => turns++, 0);
    const bytes = await encodeSnapshot(snapshot);
    clearInterval(timer);
    expect(turns).toBeGreaterThan(3);
    expect(bytes.subarray(0, 4).toString("latin1")).toBe("VUB1");
    expect(bytes.length).toBeLessThan(JSON.stringify(snapshot).length / 4);
    expect(await decodeSnapshot(bytes)).toEqual(snapshot);
  });

  it("reads state stored as plain JSON text before the compressed format", async () => {
    const snapshot = { version: 1, entities: [entity(1)] };
    expect(await decodeSnapshot(Buffer.from(JSON.stringify(snapshot)))).toEqual(snapshot);
  });

  it("says what is wrong with bytes that are not a snapshot", async () => {
    const good = await encodeSnapshot({ version: 1, entities: [entity(1)] });
    await expect(decodeSnapshot(Buffer.concat([good.subarray(0, 4), Buffer.from("not brotli at all")]))).rejects.toThrow(/compressed bytes do not decompress/);
    await expect(decodeSnapshot(good.subarray(0, good.length - 3))).rejects.toThrow(/state snapshot/);
    await expect(decodeSnapshot(Buffer.from('{"version": 1, "entities": [tru'))).rejects.toThrow(/invalid JSON/);
    await expect(decodeSnapshot(Buffer.from([0xff, 0xfe, 0x00, 0x01]))).rejects.toThrow(/neither compressed state nor JSON \(4 bytes starting fffe0001\)/);
    await expect(decodeSnapshot(Buffer.alloc(0))).rejects.toThrow(/neither compressed state nor JSON/);
    const list = Buffer.concat([good.subarray(0, 4), brotliCompressSync(Buffer.from("[1,2]"))]);
    await expect(decodeSnapshot(list)).rejects.toThrow(/not a JSON object/);
  });
});
