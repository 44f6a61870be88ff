// Risk as a number with a colour: at or above the alert threshold (2) is red.
export function RiskBadge({ risk, threshold = 2 }: { risk: number; threshold?: number }) {
  const style = risk >= threshold ? "bg-red-950 text-red-300 ring-red-800" : risk >= threshold / 2 ? "bg-amber-950 text-amber-300 ring-amber-800" : "bg-slate-800 text-slate-300 ring-slate-700";
  return (
    <span className={`inline-flex min-w-12 justify-center rounded-md px-2 py-0.5 text-xs font-semibold tabular-nums ring-1 ${style}`} aria-label={`risk ${risk.toFixed(1)}`}>
      {risk.toFixed(1)}
    </span>
  );
}
