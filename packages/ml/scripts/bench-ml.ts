// npm run bench:ml — feature extraction rate, training time for 1,000 users x 90 days of hourly
// features, and scoring throughput, on this machine.
import { Detector, FeatureAccumulator, initBackend, simulateTenant, type FeatureRow } from "../src/index";
import { machineLine, progress } from "./machine";

const SEED = Number(process.env.SEED ?? 11);
const USERS = Number(process.env.USERS ?? 1000);
const DAYS = Number(process.env.DAYS ?? 90);
const EPOCHS = Number(process.env.EPOCHS ?? 5);

const backend = await initBackend();
console.log(`machine: ${machineLine()}; backend: ${backend}; seed: ${SEED}`);

const sim = simulateTenant({ seed: SEED, users: USERS, days: DAYS });
const acc = new FeatureAccumulator({ tenantId: sim.tenantId, directory: sim.directory });
const rows: FeatureRow[] = [];
let events = 0;
let featureMs = 0;
let day = 0;
for (const chunk of sim.events()) {
  const t0 = performance.now();
  for (const e of chunk) {
    acc.push(e);
    if (++events % 5000 === 0) rows.push(...acc.advance(Date.parse(e["@timestamp"])));
  }
  featureMs += performance.now() - t0;
  progress("simulated days", ++day, DAYS + 1);
}
rows.push(...acc.flush());
console.log(`features: ${events} events -> ${rows.length} entity-hours (${USERS} users x ${DAYS} days; idle hours have no row) at ${Math.round(events / (featureMs / 1000))} events/s`);

const t0 = performance.now();
const detector = await Detector.train(rows, { seed: SEED, epochs: EPOCHS, batchSize: 1024, onEpoch: (e, loss) => progress(`  epoch (loss ${loss.toFixed(4)})`, e, EPOCHS) });
const trainS = (performance.now() - t0) / 1000;
console.log(`training (baselines + autoencoder, ${EPOCHS} epochs, batch 1024): ${trainS.toFixed(1)} s (target < 60 s)`);

detector.scoreValues(rows.slice(0, 10_000)); // warm-up
const reps = 3;
const t1 = performance.now();
for (let i = 0; i < reps; i++) detector.scoreValues(rows);
const perS = (rows.length * reps) / ((performance.now() - t1) / 1000);
console.log(`scoring (robust normalization + autoencoder): ${Math.round(perS).toLocaleString("en-US")} rows/s (target >= 200,000)`);
