// The tenant's behaviour model: version, when and on what it was trained, the TF backend, metrics.
import type { RouterOutputs } from "@vigil/api";

type Status = RouterOutputs["ueba"]["modelStatus"];

const dateFmt = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

function metric(m: Record<string, unknown>, key: string): number | undefined {
  const v = m[key];
  return typeof v === "number" ? v : undefined;
}

export function EntityModelStatus({ status }: { status: Status | undefined }) {
  return (
    <section aria-labelledby="model-title" className="card p-4">
      <h2 id="model-title" className="mb-3 text-sm font-semibold text-slate-200">Behaviour model</h2>
      {!status ? (
        <p className="text-sm text-slate-500">Loading…</p>
      ) : status.source === "prior" ? (
        <p className="text-sm text-slate-300">
          Not trained for this tenant yet: a global prior (population and peer-group habits) scores your events until the nightly training.
          {" "}{status.featureWindows.toLocaleString("en-US")} feature windows of {status.entities.toLocaleString("en-US")} entities collected so far.
        </p>
      ) : (
        <dl className="grid grid-cols-2 gap-x-6 gap-y-2 text-sm sm:grid-cols-4">
          <Item label="Version" value={`v${status.version}`} />
          <Item label="Trained" value={status.trainedAt ? `${dateFmt.format(status.trainedAt)} UTC` : "—"} />
          <Item label="Backend" value={status.series[0]?.backend ?? "—"} />
          <Item label="Feature windows" value={`${status.featureWindows.toLocaleString("en-US")} · ${status.entities.toLocaleString("en-US")} entities`} />
          {status.series.map((s) => (
            <Item
              key={s.series}
              label={`${s.series === "hour" ? "Hourly" : "Daily"} model`}
              value={`${s.trainingRows.toLocaleString("en-US")} rows${s.priorRows > 0 ? ` + ${s.priorRows.toLocaleString("en-US")} prior` : ""}, ${
                metric(s.metrics, "trainingSeconds")?.toFixed(1) ?? "?"} s, seed ${s.seed}`}
            />
          ))}
        </dl>
      )}
    </section>
  );
}

function Item({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <dt className="text-xs uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="text-slate-200">{value}</dd>
    </div>
  );
}
