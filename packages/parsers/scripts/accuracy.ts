// npm run eval:parsers: loghub syslog accuracy per system and Windows field coverage.
import { FIELDS } from "./loghub";
import { DATA_DIR, hasSharedData, loghubSystem, windowsCoverage } from "./shared-data";

const pct = (n: number, total: number) => `${((100 * n) / Math.max(total, 1)).toFixed(2)}%`;
const SHOW = 5;

function loghub(): boolean {
  let pass = true;
  console.log(`\nLoghub accuracy (ground truth: ${DATA_DIR}loghub/<system>/<system>_2k.log_structured.csv)`);
  console.log(["system", "lines", ...FIELDS, "all fields"].map((h) => h.padEnd(11)).join(" "));
  for (const system of ["Linux", "OpenSSH"]) {
    const r = loghubSystem(system);
    const cells = FIELDS.map((f) => (r.matched[f] === undefined ? "n/a" : pct(r.matched[f], r.lines)));
    console.log([system, String(r.lines), ...cells, pct(r.allFieldsMatched, r.lines)].map((c) => c.padEnd(11)).join(" "));
    for (const f of FIELDS) if (r.matched[f] !== undefined && r.matched[f] / r.lines < 0.99) pass = false;
    console.log(`  ${system}: ${pct(r.withAction, r.lines)} of lines also got an event.action from the content parsers (sshd/pam/sudo/ftpd...)`);
    for (const m of r.mismatches.slice(0, SHOW)) console.log(`  line ${m.line} ${m.field}: expected ${JSON.stringify(m.expected)}, got ${JSON.stringify(m.actual)}`);
    if (r.mismatches.length > SHOW) console.log(`  ... ${r.mismatches.length - SHOW} more mismatches`);
  }
  console.log("  n/a: the OpenSSH CSV has no program column (its \"Component\" column is the host).");
  return pass;
}

function windows(): boolean {
  const cov = windowsCoverage();
  console.log(`\nWindows events: ${cov.events} in ${cov.files} files (deepbluecli/*.jsonl, sigma/regression_data/**/*.json)`);
  console.log(`${"field".padEnd(28)} ${"present".padStart(8)} ${"normalized".padStart(11)}`);
  for (const [field, c] of Object.entries(cov.byField)) console.log(`${field.padEnd(28)} ${String(c.present).padStart(8)} ${String(c.normalized).padStart(11)}  ${pct(c.normalized, c.present)}`);
  for (const f of cov.failures.slice(0, SHOW)) console.log(`  ${f.file} #${f.index} ${f.field}: ${f.detail}`);
  return cov.failures.length === 0;
}

if (!hasSharedData()) {
  console.error(`shared data not found at ${DATA_DIR} (set VIGIL_SHARED_DATA)`);
  process.exit(2);
}
const ok = [loghub(), windows()].every(Boolean);
console.log(ok ? "\nPASS: loghub >= 99% per field, Windows 100%" : "\nFAIL");
process.exit(ok ? 0 : 1);
