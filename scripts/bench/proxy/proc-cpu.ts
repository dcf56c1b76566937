import { readFileSync, readdirSync } from "node:fs";

const TICKS_PER_SECOND = 100;

/** utime + stime of one process from /proc, in microseconds (0 when it is gone). */
function cpuMicrosOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** CPU of a process and its direct children (nginx's master and workers), in microseconds. */
export function cpuMicrosOfProcessTree(pid: number): number {
  let total = cpuMicrosOf(pid);
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (parent === pid) total += cpuMicrosOf(Number(entry));
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
}
