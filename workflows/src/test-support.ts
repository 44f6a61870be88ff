// Test support: a real Temporal dev server (the CLI binary), the bundled workflow code and
// in-memory activities that record what the workflow asked for.
import { existsSync } from "node:fs";
import { TestWorkflowEnvironment } from "@temporalio/testing";
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker, type WorkflowBundleWithSourceMap } from "@temporalio/worker";
import { workflowsPath } from "./index";
import type { EscalationPolicy, Notification, RecordWorkflowStateInput, ResponseActivities } from "./types";

// The Temporal CLI embeds the dev server; without it the SDK would try to download one.
// eslint-disable-next-line no-restricted-properties -- test support, like *.test.ts, may read its own knobs
export const TEMPORAL_CLI = process.env.TEMPORAL_CLI ?? "/root/go/bin/temporal";

export async function startTestEnvironment(): Promise<{ env: TestWorkflowEnvironment; bundle: WorkflowBundleWithSourceMap }> {
  try {
    Runtime.install({ logger: new DefaultLogger("WARN") });
  } catch {
    // already installed by an earlier test file in this process
  }
  const [env, bundle] = await Promise.all([
    TestWorkflowEnvironment.createLocal(
      existsSync(TEMPORAL_CLI) ? { server: { executable: { type: "existing-path", path: TEMPORAL_CLI } } } : {},
    ),
    bundleWorkflowCode({ workflowsPath, logger: new DefaultLogger("WARN") }),
  ]);
  return { env, bundle };
}

export interface RecordingActivities extends ResponseActivities {
  sent: Notification[];
  states: RecordWorkflowStateInput[];
}

export function recordingActivities(policy: EscalationPolicy | null): RecordingActivities {
  const sent: Notification[] = [];
  const states: RecordWorkflowStateInput[] = [];
  return {
    sent,
    states,
    loadEscalationPolicy: async () => policy,
    sendNotification: async (message) => {
      sent.push(message);
      return { messageId: `<${sent.length}@test>` };
    },
    recordWorkflowState: async (input) => {
      states.push(input);
    },
  };
}

let queueCounter = 0;
export async function createTestWorker(
  env: TestWorkflowEnvironment,
  bundle: WorkflowBundleWithSourceMap,
  activities: ResponseActivities,
): Promise<{ worker: Worker; taskQueue: string }> {
  const taskQueue = `test-${process.pid}-${++queueCounter}`;
  const { sent: _sent, states: _states, ...fns } = activities as RecordingActivities;
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: bundle, activities: fns });
  return { worker, taskQueue };
}

export async function waitFor<T>(probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
