import type { Owner } from "./settled-check";

/**
 * The lines `strangler cutover` prints before its final `done:` line, in order (its header, then
 * one `✔` line per step: scripts/cli/cutover/cutover-steps.ts and run-cutover.ts), each a point
 * after which the suite kills it. A step line this list does not know is reported under its own
 * text, so a new step is never silently left out.
 */
export const CUTOVER_POINTS: ReadonlyArray<{ label: string; matches: (line: string) => boolean }> = [
  { label: "start (header)", matches: (line) => /^cutover catalog-writes \(catalog\) → /.test(line) },
  { label: "1 catch up", matches: (line) => /^ {2}✔ let the \w+ catch up with/.test(line) },
  { label: "2 verify every row", matches: (line) => line.startsWith("  ✔ verify every row") },
  { label: "3 proxy fence", matches: (line) => /^ {2}✔ fence catalog-writes at the proxy/.test(line) },
  { label: "4 fence losing side", matches: (line) => line.startsWith("  ✔ fence the moved tables in the") },
  { label: "5 check gaining side", matches: (line) => line.startsWith("  ✔ check the moved tables are fenced") },
  { label: "6 drain", matches: (line) => /^ {2}✔ drain the \w+'s changes/.test(line) },
  { label: "7 verify changed rows", matches: (line) => line.startsWith("  ✔ verify the rows changed since") },
  { label: "8 commit", matches: (line) => line.startsWith("  ✔ commit:") },
  { label: "9 finish", matches: (line) => line.startsWith("  ✔ finish:") },
];

/** The point a line of cut-over output marks: a known label, the text of an unknown step line, or null. */
export function pointOf(line: string): string | null {
  const known = CUTOVER_POINTS.find((point) => point.matches(line));
  if (known) return known.label;
  if (line.startsWith("  ✔ ")) return `unknown step: ${line.slice(4).split(/[:(]/)[0].trim()}`;
  return null;
}

/** Which kill points were printed and which were killed after, per direction (`to`). */
export class CutoverCoverage {
  private readonly printed = new Map<Owner, Set<string>>([
    ["service", new Set()],
    ["monolith", new Set()],
  ]);
  private readonly killed = new Map<Owner, Set<string>>([
    ["service", new Set()],
    ["monolith", new Set()],
  ]);

  sawPrinted(to: Owner, point: string): void {
    this.printed.get(to)!.add(point);
  }

  sawKilled(to: Owner, point: string): void {
    this.killed.get(to)!.add(point);
  }

  /** Known points of direction `to` not killed after yet. */
  uncovered(to: Owner): string[] {
    const printed = [...this.printed.get(to)!].filter((point) => !CUTOVER_POINTS.some((known) => known.label === point));
    return [...CUTOVER_POINTS.map((point) => point.label), ...printed].filter((point) => !this.killed.get(to)!.has(point));
  }

  /** Per direction, the points printed by some run but never killed after (should be empty). */
  missing(): Record<Owner, string[]> {
    const of = (to: Owner) => [...new Set([...CUTOVER_POINTS.map((point) => point.label), ...this.printed.get(to)!])].filter((point) => !this.killed.get(to)!.has(point));
    return { service: of("service"), monolith: of("monolith") };
  }
}
