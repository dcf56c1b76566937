import { checkHistory } from "./history-checker";

const change = (position: number, id: number) => ({ position, table: "items", key: { id } });

describe("checkHistory", () => {
  const source = [change(1, 1), change(2, 2), change(3, 1)];

  it("passes a history with each change applied once in per-row order", () => {
    expect(checkHistory(source, [change(2, 2), change(1, 1), change(3, 1)]).ok).toBe(true);
  });

  it("reports missing, duplicated and unknown changes", () => {
    const report = checkHistory(source, [change(1, 1), change(1, 1), change(3, 1), change(9, 1)]);
    expect(report).toMatchObject({ ok: false, missing: [2], duplicated: [1], unknown: [9] });
  });

  it("reports a row whose older change was applied after a newer one", () => {
    const report = checkHistory(source, [change(3, 1), change(1, 1), change(2, 2)]);
    expect(report.ok).toBe(false);
    expect(report.outOfOrder).toEqual(['items {"id":1}: 1 after 3']);
  });
});
