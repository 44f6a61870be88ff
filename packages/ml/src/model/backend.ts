import { createRequire } from "node:module";
import { dirname } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";

export { tf };

let chosen: Promise<string> | undefined;

async function tryNode(): Promise<boolean> {
  try {
    // Optional dependency: absent where libtensorflow cannot be downloaded.
    const name = "@tensorflow/tfjs-node";
    await import(name);
    return await tf.setBackend("tensorflow");
  } catch {
    return false;
  }
}

async function choose(log: (msg: string) => void): Promise<string> {
  tf.enableProdMode();
  if (await tryNode()) {
    log("tfjs backend: tensorflow (tfjs-node)");
    return tf.getBackend();
  }
  const wasmEntry = createRequire(import.meta.url).resolve("@tensorflow/tfjs-backend-wasm");
  setWasmPaths(`${dirname(wasmEntry)}/`);
  if (await tf.setBackend("wasm")) {
    await tf.ready();
    const simd = await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT");
    log(`tfjs backend: wasm${simd ? " (SIMD)" : ""}`);
    return "wasm";
  }
  // setBackend fails silently (returns false); fall back to pure JS and say so.
  await tf.setBackend("cpu");
  log("tfjs backend: cpu (wasm failed to initialise)");
  return "cpu";
}

/** Picks tfjs-node, else wasm, else cpu, once per process; returns the backend name. */
export function initBackend(log: (msg: string) => void = (m) => console.info(m)): Promise<string> {
  chosen ??= choose(log);
  return chosen;
}
