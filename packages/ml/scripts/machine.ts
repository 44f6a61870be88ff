import { cpus } from "node:os";

/** "AMD EPYC ... x2 cores, node v20" for benchmark and evaluation headers. */
export function machineLine(): string {
  const list = cpus();
  return `${list[0]?.model.trim() ?? "unknown cpu"}, ${list.length} cores, node ${process.version}`;
}

export function progress(label: string, done: number, total: number): void {
  if (process.stdout.isTTY) process.stdout.write(`\r${label} ${done}/${total}   `);
  else if (done === total || done % Math.max(1, Math.floor(total / 5)) === 0) console.log(`  ${label} ${done}/${total}`);
  if (process.stdout.isTTY && done === total) process.stdout.write("\n");
}
