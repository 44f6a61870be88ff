import { describe, expect, it } from "vitest";
import { extractToken } from "./token";

const T = "vgl_abcdefghijklmnopqrstuvwxyz012345";

describe("extractToken", () => {
  it("takes the token and leaves NILVALUE when the vigil element was the only one", () => {
    expect(extractToken(`<13>1 2026-11-27T10:00:00Z h app 1 - [vigil@32473 token="${T}"] hello`)).toEqual({ token: T, message: "<13>1 2026-11-27T10:00:00Z h app 1 - - hello" });
  });

  it("keeps other elements (logger adds timeQuality) and escaped brackets", () => {
    const line = `<13>1 - h app - - [timeQuality tzKnown="1"][vigil@32473 note="a\\]b" token="${T}"] msg`;
    expect(extractToken(line)).toEqual({ token: T, message: '<13>1 - h app - - [timeQuality tzKnown="1"] msg' });
  });

  it("returns the message unchanged without an element, and drops an element without a token", () => {
    expect(extractToken("<13>Nov 27 10:00:00 h app: plain")).toEqual({ message: "<13>Nov 27 10:00:00 h app: plain" });
    expect(extractToken("<13>1 - h a - - [vigil@32473 other=\"x\"] m")).toEqual({ message: "<13>1 - h a - - - m" });
  });
});
