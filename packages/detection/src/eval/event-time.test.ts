import { describe, expect, it } from "vitest";
import { formatEventTime, parseEventTime } from "./event-time";

describe("parseEventTime", () => {
  it("equals Date.parse on ISO timestamps and on everything else", () => {
    const texts = [
      "2026-11-27T08:00:00.000Z", "1970-01-01T00:00:00.000Z", "2024-02-29T23:59:59.999Z", "2026-02-30T00:00:00.000Z", "2026-11-27T24:00:00.000Z",
      "0099-01-01T00:00:00.000Z", "2026-13-01T00:00:00.000Z", "2026-11-27T08:00:00.000+01:00", "2026-11-27T08:00:00Z", "2026-11-27 08:00:00.000Z",
      "0100-03-01T00:00:00.000Z", "0400-02-28T12:00:00.000Z", "1600-03-01T00:00:00.001Z", "1900-02-28T23:59:59.999Z", "2000-03-01T00:00:00.000Z",
      "2100-02-28T00:00:00.000Z", "9999-12-28T23:59:59.999Z", "2026-11-2xT08:00:00.000Z", "2026-11-27T08:60:00.000Z", "2026-11-27Tx8:00:00.000Z", "2026-11-27T08:0x:00.000Z", "", "not a time", "+002026-11-27T08:00:00.000Z",
    ];
    for (const t of texts) expect(parseEventTime(t), t).toEqual(Date.parse(t));
    expect(parseEventTime(undefined as unknown as string)).toBeNaN();
  });
  it("equals Date.parse over a sweep of instants", () => {
    for (let ms = Date.UTC(1999, 0, 1); ms < Date.UTC(2031, 0, 1); ms += 86_399_937) {
      const t = new Date(ms).toISOString();
      expect(parseEventTime(t), t).toBe(ms);
    }
  });
  it("equals Date.parse when consecutive timestamps share the date and hour, or not", () => {
    const texts = ["2026-11-27T08:00:00.000Z", "2026-11-27T08:59:59.999Z", "2026-11-27T08:5x:00.000Z", "2026-11-27T09:00:00.000Z", "2026-11-27T08:00:00.001Z", "2026-11-28T08:00:00.001Z", "2026-11-29T08:00:00.001Z", "2026-11-29T08:00:00.001+01:00"];
    for (const t of [...texts, ...texts.reverse()]) expect(parseEventTime(t), t).toEqual(Date.parse(t));
  });
});

describe("formatEventTime", () => {
  it("equals toISOString, days and edges included", () => {
    const instants = [0, 1, 999, 1000, 86_399_999, 86_400_000, 1.5, 253_402_300_799_999, 253_402_300_800_000, -1, -86_400_001, Date.UTC(2026, 10, 27, 8, 0, 0, 7)];
    for (let ms = Date.UTC(1999, 0, 1); ms < Date.UTC(2031, 0, 1); ms += 86_399_937) instants.push(ms, ms + 3_599_999, ms + 1);
    for (const ms of instants) expect(formatEventTime(ms), String(ms)).toBe(new Date(ms).toISOString());
    expect(() => formatEventTime(Number.NaN)).toThrow(RangeError);
  });
});
