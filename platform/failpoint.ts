/**
 * Stops this whole process where it is, timers and I/O included, for up to `ms` (a stalled process:
 * a GC pause, a frozen VM). Fault injection only: a test that kills the process as soon as it sees
 * the line printed before the freeze then kills it exactly at that point, however busy the machine.
 */
export function freezeProcess(where: string, ms = 120_000): void {
  process.stderr.write(`failpoint: frozen ${where} for up to ${Math.round(ms / 1000)} s\n`);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
