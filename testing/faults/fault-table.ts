import type { RowStats } from "./write-ledger";

/** The fault table: `fault | tries | failures | writes confirmed | writes lost | ambiguous`, with totals. */
export function faultTable(rows: readonly RowStats[]): string {
  const header = ["fault", "tries", "failures", "writes confirmed", "writes lost", "ambiguous"];
  const body = rows.map((row) => [row.row, String(row.tries), String(row.failures.length), String(row.confirmed), String(row.lost), String(row.ambiguous)]);
  const sum = (pick: (row: RowStats) => number) => String(rows.reduce((total, row) => total + pick(row), 0));
  const total = ["total", sum((row) => row.tries), sum((row) => row.failures.length), sum((row) => row.confirmed), sum((row) => row.lost), sum((row) => row.ambiguous)];
  const widths = header.map((_, column) => Math.max(...[header, ...body, total].map((line) => line[column].length)));
  const format = (line: string[]) => line.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join(" | ");
  const rule = widths.map((width) => "-".repeat(width)).join("-|-");
  return [format(header), rule, ...body.map(format), rule, format(total)].join("\n");
}

/** Every failure, one line each, under its row. */
export function failureList(rows: readonly RowStats[]): string {
  return rows
    .filter((row) => row.failures.length > 0)
    .map((row) => `${row.row}:\n${row.failures.map((failure) => `  [${failure.kind}] ${failure.detail}`).join("\n")}`)
    .join("\n");
}
