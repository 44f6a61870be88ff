/** A plain-text table with a header row; the last column is right-aligned (counts). */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const clip = (s: string) => (s.length > 80 ? `${s.slice(0, 77)}...` : s);
  const all = [header, ...rows].map((r) => r.map(clip));
  const widths = header.map((_, c) => Math.max(...all.map((r) => r[c]?.length ?? 0)));
  const line = (r: readonly string[]) =>
    r.map((cell, c) => (c === r.length - 1 ? cell.padStart(widths[c] as number) : cell.padEnd(widths[c] as number))).join("  ");
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  return [line(all[0] as string[]), rule, ...all.slice(1).map(line)].join("\n");
}
