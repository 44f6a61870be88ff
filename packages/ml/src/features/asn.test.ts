import { describe, expect, it } from "vitest";
import { asnOf } from "./asn";

describe("asnOf", () => {
  it("finds the autonomous system of public IPv4 addresses", () => {
    expect(asnOf("1.0.0.1")).toBe(13335); // Cloudflare
    expect(asnOf("8.8.8.8")).toBe(15169); // Google
  });

  it("answers null for private, malformed and IPv6 addresses", () => {
    for (const ip of ["10.1.2.3", "192.168.0.1", "not-an-ip", "1.2.3", "300.1.1.1", "2001:db8::1", ""]) expect(asnOf(ip)).toBeNull();
  });
});
