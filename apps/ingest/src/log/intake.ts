// Intake first, on a shared box: the receivers count their event-log appends in flight in shared
// memory, and the processing thread's consumer waits (a few ms at a time, at most `maxPauseMs` per
// commit) while any is in flight. Its store commits (PostgreSQL COPY) and JetStream deliveries run
// at normal priority, outside the thread's lowered one, and take the CPU the receivers need to
// answer; JetStream holds what waits, so nothing is lost, and the writer always gets a commit in
// per pause. The processing thread is a worker of the receivers' process: the gauge's buffer is
// passed as workerData.
import { setTimeout as sleep } from "node:timers/promises";

export class IntakeGauge {
  private readonly cells: Int32Array;

  constructor(readonly buffer: SharedArrayBuffer = new SharedArrayBuffer(4)) {
    if (!(buffer instanceof SharedArrayBuffer) || buffer.byteLength < 4) throw new Error("IntakeGauge needs a SharedArrayBuffer of at least 4 bytes");
    this.cells = new Int32Array(buffer, 0, 1);
  }

  /** Around each append of the receivers. */
  begin(): void {
    Atomics.add(this.cells, 0, 1);
  }

  end(): void {
    Atomics.sub(this.cells, 0, 1);
  }

  get inFlight(): number {
    return Atomics.load(this.cells, 0);
  }

  /** Waits while appends are in flight, `stepMs` at a time, `maxPauseMs` at most; resolves with the time waited. */
  async yieldToIntake(maxPauseMs = 50, stepMs = 5): Promise<number> {
    let waited = 0;
    while (this.inFlight > 0 && waited < maxPauseMs) {
      await sleep(stepMs);
      waited += stepMs;
    }
    return waited;
  }
}
