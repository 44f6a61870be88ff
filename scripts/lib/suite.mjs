// The whole test suite for `npm test`: static checks, unit tests, integration tests against the real
// services, then the portal end to end in Chromium. Every step runs even when an earlier one failed,
// so one run reports everything; the exit code says whether all passed.
import { runTee } from "./proc.mjs";

const STEPS = [
  { name: "type-check, lint and unit tests", cmd: "npx", args: ["turbo", "run", "typecheck", "lint", "lint:root", "test", "--concurrency=3", "--output-logs=full"] },
  { name: "database migrations", cmd: "npm", args: ["run", "db:migrate"] },
  { name: "integration tests (PostgreSQL, Temporal, NATS, SMTP)", cmd: "npx", args: ["turbo", "run", "test:integration", "--concurrency=1", "--output-logs=full"] },
  { name: "portal build", cmd: "npx", args: ["turbo", "run", "build", "--filter=@vigil/web", "--output-logs=errors-only"] },
  { name: "end-to-end in Chromium", cmd: "npx", args: ["turbo", "run", "test:e2e", "--filter=@vigil/test", "--output-logs=full"], after: "portal build" },
];

// vitest prints e.g. "      Tests  3 failed | 41 passed (44)"; turbo may prefix the package name.
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g");
export function countTests(output) {
  let passed = 0;
  let failed = 0;
  for (const raw of output.split("\n")) {
    const line = raw.replace(ANSI, "");
    if (!/\bTests\s+\d+/.test(line) || !/\(\d+\)\s*$/.test(line)) continue;
    passed += Number(/(\d+) passed/.exec(line)?.[1] ?? 0);
    failed += Number(/(\d+) failed/.exec(line)?.[1] ?? 0);
  }
  return { passed, failed };
}

export async function runSuite(env) {
  const steps = [];
  let passed = 0;
  let failed = 0;
  for (const step of STEPS) {
    const dependency = step.after && steps.find((s) => s.name === step.after);
    if (dependency && !dependency.ok) {
      steps.push({ name: step.name, ok: false, seconds: 0 });
      continue;
    }
    process.stdout.write(`\n[vigil] ==> ${step.name}\n`);
    const started = Date.now();
    const { code, output } = await runTee(step.cmd, step.args, { env });
    const counts = countTests(output);
    passed += counts.passed;
    failed += counts.failed;
    steps.push({ name: step.name, ok: code === 0, seconds: Math.round((Date.now() - started) / 1000) });
  }
  return { steps, passed, failed };
}
