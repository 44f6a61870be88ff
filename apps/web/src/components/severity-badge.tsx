const STYLES: Record<string, string> = {
  CRITICAL: "bg-red-500/15 text-red-300 ring-red-500/40",
  HIGH: "bg-orange-500/15 text-orange-300 ring-orange-500/40",
  MEDIUM: "bg-amber-500/15 text-amber-300 ring-amber-500/40",
  LOW: "bg-sky-500/15 text-sky-300 ring-sky-500/40",
  INFORMATIONAL: "bg-slate-500/15 text-slate-300 ring-slate-500/40",
};

export function SeverityBadge({ severity }: { severity: string }) {
  return (
    <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-semibold uppercase tracking-wide ring-1 ring-inset ${STYLES[severity] ?? STYLES.INFORMATIONAL}`}>
      {severity.toLowerCase()}
    </span>
  );
}

const STATUS_STYLES: Record<string, string> = {
  OPEN: "bg-red-500/10 text-red-300 ring-red-500/30",
  ACKNOWLEDGED: "bg-emerald-500/10 text-emerald-300 ring-emerald-500/30",
  RESOLVED: "bg-slate-500/10 text-slate-300 ring-slate-500/30",
  CLOSED: "bg-slate-500/10 text-slate-300 ring-slate-500/30",
};

export function StatusBadge({ status }: { status: string }) {
  return (
    <span className={`inline-flex items-center rounded-md px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${STATUS_STYLES[status] ?? STATUS_STYLES.RESOLVED}`}>
      {status.charAt(0) + status.slice(1).toLowerCase()}
    </span>
  );
}
