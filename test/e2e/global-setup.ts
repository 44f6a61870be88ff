// Starts the whole Vigil stack for the browser tests: migrations, SMTP sink, ingest, worker, portal.
// Needs DATABASE_URL, DATABASE_ADMIN_URL and TEMPORAL_ADDRESS (a running PostgreSQL and Temporal dev server).
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";
import { freePort, httpOk, run, startService, stopService, waitFor, type Service } from "./support/processes";
import { startSmtpSink } from "./support/smtp-sink";

declare module "vitest" {
  export interface ProvidedContext {
    webUrl: string;
    ingestUrl: string;
    smtpFile: string;
    artifactsDir: string;
  }
}

const repoRoot = resolve(fileURLToPath(new URL(".", import.meta.url)), "../..");
const artifactsDir = join(repoRoot, "test", "artifacts");
const logDir = join(artifactsDir, "logs");

function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`e2e: ${name} is not set (run the e2e tests through \`npm test\`, or run \`npm run services\` and export the lines it prints)`);
  return value;
}

export default async function setup({ provide }: TestProject): Promise<() => Promise<void>> {
  const databaseUrl = requireEnv("DATABASE_URL");
  const adminUrl = requireEnv("DATABASE_ADMIN_URL");
  const temporalAddress = process.env.TEMPORAL_ADDRESS ?? "127.0.0.1:7233";
  mkdirSync(logDir, { recursive: true });

  const [smtpPort, ingestPort, webPort] = [await freePort(), await freePort(), await freePort()];
  const ingestUrl = `http://127.0.0.1:${ingestPort}`;
  const webUrl = `http://127.0.0.1:${webPort}`;
  const smtpFile = join(artifactsDir, "smtp-messages.jsonl");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: databaseUrl,
    DATABASE_ADMIN_URL: adminUrl,
    TEMPORAL_ADDRESS: temporalAddress,
    // A task queue of our own: no other worker on the shared dev server can pick up (and mail) our incidents.
    TEMPORAL_TASK_QUEUE: `vigil-e2e-${process.pid}-${Date.now()}`,
    SMTP_HOST: "127.0.0.1",
    SMTP_PORT: String(smtpPort),
    VIGIL_INGEST_HOST: "127.0.0.1",
    VIGIL_INGEST_PORT: String(ingestPort),
    VIGIL_PUBLIC_INGEST_URL: ingestUrl,
    // Quota overrides set in the portal reach ingest within half a second (default 10 s).
    VIGIL_INGEST_QUOTA_REFRESH_MS: "500",
    VIGIL_WEB_PORT: String(webPort),
    AUTH_SECRET: "e2e-secret-0123456789abcdef0123456789",
    NEXT_TELEMETRY_DISABLED: "1",
  };

  await run(process.execPath, ["--import", "tsx", "packages/db/scripts/migrate.ts"], { cwd: repoRoot, env });
  const webDir = join(repoRoot, "apps", "web");
  const nextBin = join(repoRoot, "node_modules", "next", "dist", "bin", "next");
  // The portal runs as built (`next start`); VIGIL_E2E_REBUILD=1 rebuilds an existing build first.
  if (process.env.VIGIL_E2E_REBUILD === "1" || !existsSync(join(webDir, ".next", "BUILD_ID"))) {
    console.info("e2e: building apps/web (next build, slow)");
    await run(process.execPath, [nextBin, "build"], { cwd: webDir, env });
  }

  const sink = await startSmtpSink(smtpPort, smtpFile);
  const services: Service[] = [];
  const teardown = async () => {
    await Promise.all(services.map((s) => stopService(s)));
    await sink.close();
  };
  try {
    const ingest = startService("ingest", process.execPath, ["--import", "tsx", "apps/ingest/src/main.ts"], { cwd: repoRoot, env, logDir });
    services.push(ingest);
    const worker = startService("worker", process.execPath, ["--import", "tsx", "apps/worker/src/main.ts"], { cwd: repoRoot, env, logDir });
    services.push(worker);
    const web = startService("web", process.execPath, [nextBin, "start", "-p", String(webPort), "-H", "127.0.0.1"], { cwd: webDir, env, logDir });
    services.push(web);

    await waitFor(ingest, httpOk(`${ingestUrl}/services/collector/health`), 60_000);
    await waitFor(web, httpOk(`${webUrl}/sign-in`), 60_000);
    await waitFor(worker, async () => readFileSync(worker.logFile, "utf8").includes("worker ready"), 90_000);
  } catch (error) {
    await teardown();
    throw error;
  }

  provide("webUrl", webUrl);
  provide("ingestUrl", ingestUrl);
  provide("smtpFile", smtpFile);
  provide("artifactsDir", artifactsDir);
  return teardown;
}
