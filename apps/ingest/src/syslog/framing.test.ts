import { describe, expect, it } from "vitest";
import { FrameDecoder } from "./framing";

const texts = (frames: { bytes: Buffer }[]) => frames.map((f) => f.bytes.toString());

describe("FrameDecoder", () => {
  it("reads LF framing across chunk boundaries and keeps the unterminated tail for end()", () => {
    const d = new FrameDecoder(100);
    expect(texts(d.push(Buffer.from("<13>one\n<13>tw")))).toEqual(["<13>one"]);
    expect(texts(d.push(Buffer.from("o\n<13>three")))).toEqual(["<13>two"]);
    expect(d.framing).toBe("lf");
    expect(texts(d.end())).toEqual(["<13>three"]);
  });

  it("detects octet counting from the first byte, message bytes not characters", () => {
    const msg = "<13>1 - h a - - - héllo\nwith newline";
    const framed = `${Buffer.byteLength(msg)} ${msg}`;
    const d = new FrameDecoder(100);
    const all = Buffer.from(framed + framed);
    expect(texts(d.push(all.subarray(0, 7)))).toEqual([]);
    expect(texts(d.push(all.subarray(7)))).toEqual([msg, msg]);
    expect(d.framing).toBe("octet");
  });

  it("cuts oversized messages to their head and keeps reading (both framings)", () => {
    const lf = new FrameDecoder(10);
    const a = lf.push(Buffer.from(`${"x".repeat(25)}`));
    expect(a).toEqual([{ bytes: Buffer.from("x".repeat(10)), oversized: 25 }]);
    expect(texts(lf.push(Buffer.from(`${"y".repeat(30)}\nok\n`)))).toEqual(["ok"]);
    const oc = new FrameDecoder(10);
    const frames = oc.push(Buffer.from(`20 ${"z".repeat(20)}2 ok`));
    expect(frames).toEqual([{ bytes: Buffer.from("z".repeat(10)), oversized: 20 }, { bytes: Buffer.from("ok") }]);
  });

  it("falls back to LF framing when octet counting breaks", () => {
    const d = new FrameDecoder(100);
    const frames = d.push(Buffer.from("3 abc12x garbage\n<13>next\n"));
    expect(texts(frames)).toEqual(["abc", "12x garbage", "<13>next"]);
    expect(frames[1]?.framingError).toMatch(/octet-counting framing broken/);
  });
});

describe("FrameDecoder fuzz", () => {
  it("never throws and never emits a frame over the limit, whatever the bytes and chunking", async () => {
    const { randomBytes, randomInt } = await import("node:crypto");
    for (let round = 0; round < 300; round++) {
      const d = new FrameDecoder(64);
      const stream = Buffer.concat([Buffer.from(round % 2 ? "12 " : "<13>"), randomBytes(randomInt(0, 4000))]);
      let at = 0;
      while (at < stream.length) {
        const n = randomInt(1, 200);
        for (const f of d.push(stream.subarray(at, at + n))) expect(f.bytes.length).toBeLessThanOrEqual(64);
        at += n;
      }
      for (const f of d.end()) expect(f.bytes.length).toBeLessThanOrEqual(64);
    }
  });
});
