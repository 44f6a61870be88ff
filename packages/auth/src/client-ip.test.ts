import { describe, expect, it } from "vitest";
import { clientIpFromHeaders } from "./client-ip";
import { signInErrorMessage } from "./messages";

describe("clientIpFromHeaders", () => {
  it("takes the first X-Forwarded-For hop", () => {
    expect(clientIpFromHeaders(new Headers({ "x-forwarded-for": " 203.0.113.7 , 10.0.0.1" }))).toBe("203.0.113.7");
  });
  it("falls back to X-Real-IP, then undefined", () => {
    expect(clientIpFromHeaders(new Headers({ "x-real-ip": "198.51.100.2" }))).toBe("198.51.100.2");
    expect(clientIpFromHeaders(new Headers())).toBeUndefined();
    expect(clientIpFromHeaders(undefined)).toBeUndefined();
  });
});

describe("signInErrorMessage", () => {
  it("explains rate limiting and hides which credential was wrong", () => {
    expect(signInErrorMessage("rate_limited")).toBe("Too many failed sign-ins, try again in 15 minutes");
    expect(signInErrorMessage("invalid_credentials")).toBe("Wrong email or password");
    expect(signInErrorMessage(undefined)).toBe("Sign-in failed, try again");
  });
});
