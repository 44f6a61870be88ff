import { describe, expect, it } from "vitest";
import { MAX_SLUG_LENGTH, makeSlug, slugCandidate } from "./slug";

describe("makeSlug", () => {
  it("lowercases, strips accents and punctuation, joins words with dashes", () => {
    expect(makeSlug("Acme Corp.")).toBe("acme-corp");
    expect(makeSlug("  Société Générale  ")).toBe("societe-generale");
    expect(makeSlug("Smith & Sons, Ltd")).toBe("smith-and-sons-ltd");
    expect(makeSlug("Demo Company")).toBe("demo-company");
  });

  it("falls back to 'tenant' when nothing usable is left", () => {
    expect(makeSlug("!!!")).toBe("tenant");
    expect(makeSlug("東京")).toBe("tenant");
  });

  it("keeps slugs within the length limit without a trailing dash", () => {
    const slug = makeSlug("a".repeat(39) + " b c d e f");
    expect(slug.length).toBeLessThanOrEqual(MAX_SLUG_LENGTH);
    expect(slug.endsWith("-")).toBe(false);
  });

  it("numbers candidates for taken slugs", () => {
    expect(slugCandidate("acme", 1)).toBe("acme");
    expect(slugCandidate("acme", 2)).toBe("acme-2");
    const long = "x".repeat(MAX_SLUG_LENGTH);
    expect(slugCandidate(long, 12)).toHaveLength(MAX_SLUG_LENGTH);
    expect(slugCandidate(long, 12).endsWith("-12")).toBe(true);
  });
});
