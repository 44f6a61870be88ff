// URL-safe tenant slugs from organization names: "Acme Corp." -> "acme-corp".

export const MAX_SLUG_LENGTH = 40;

export function makeSlug(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, MAX_SLUG_LENGTH)
    .replace(/-+$/g, "");
  return slug.length > 0 ? slug : "tenant";
}

/** The n-th candidate for a taken slug: base, base-2, base-3, ... (kept within the length limit). */
export function slugCandidate(base: string, n: number): string {
  if (n <= 1) return base;
  const suffix = `-${n}`;
  return base.slice(0, MAX_SLUG_LENGTH - suffix.length).replace(/-+$/g, "") + suffix;
}
