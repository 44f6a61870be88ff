// Long synchronous work written as a generator (it yields between units of work), run either at
// once or in slices that give the event loop back (`loadRulesAsync`, `compileRulesAsync`).

/** Runs `steps` to its end at once; its return value. */
export function runAtOnce<T>(steps: Iterator<unknown, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** Runs `steps` to its end, letting the event loop through every `sliceMs` of work; its return value. */
export async function runInSlices<T>(steps: Iterator<unknown, T>, sliceMs: number): Promise<T> {
  let sliceStart = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() - sliceStart < sliceMs) continue;
    await new Promise<void>((resolve) => setImmediate(resolve));
    sliceStart = performance.now();
  }
}
