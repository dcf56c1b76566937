import { readdirSync, readFileSync } from "node:fs";

/** The pid of a direct child of `parent` whose command name is `name` (from /proc), or null. */
export function childNamed(parent: number, name: string): number | null {
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === parent && comm === name) return Number(entry);
    } catch {
      // ended meanwhile
    }
  }
  return null;
}
