// @vigil/worker as a library (tests, dev scripts): the process itself is src/main.ts.
export { createWorkerActivities } from "./activities";
export { bundleResponseWorkflows, connectWithRetry, createResponseWorker, type ResponseWorkerOptions } from "./worker";
