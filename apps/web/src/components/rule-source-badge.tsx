// Where a rule or one of its settings comes from: the built-in/global level, the MSSP
// organization, the tenant itself, or the rule as written.
type Source = "GLOBAL" | "ORGANIZATION" | "TENANT" | "rule";

const STYLE: Record<Source, { label: string; className: string }> = {
  GLOBAL: { label: "global", className: "border-slate-600 text-slate-300" },
  ORGANIZATION: { label: "organization", className: "border-violet-500/60 text-violet-300" },
  TENANT: { label: "tenant", className: "border-brand-500/60 text-brand-400" },
  rule: { label: "as written", className: "border-slate-700 text-slate-500" },
};

export function RuleSourceBadge({ source, title }: { source: Source; title?: string }) {
  const s = STYLE[source];
  return (
    <span title={title ?? `set at the ${s.label} level`} className={`inline-flex items-center rounded border px-1.5 py-0.5 text-[11px] font-medium leading-none ${s.className}`}>
      {s.label}
    </span>
  );
}
