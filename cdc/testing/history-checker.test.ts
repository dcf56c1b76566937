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

  describe("transactions", () => {
    const grouped = (position: number, id: number, tx: string) => ({ position, table: "items", key: { id }, tx });
    const txSource = [grouped(1, 1, "s:tx:1"), grouped(2, 2, "s:tx:1"), grouped(3, 3, "s:tx:2")];

    it("passes groups each committed in one target transaction", () => {
      const report = checkHistory(txSource, [
        { ...change(1, 1), commit: "a" },
        { ...change(2, 2), commit: "a" },
        { ...change(3, 3), commit: "b" },
      ]);
      expect(report).toMatchObject({ ok: true, splitTransactions: [] });
    });

    it("reports a group whose changes were committed in different target transactions", () => {
      const report = checkHistory(txSource, [
        { ...change(1, 1), commit: "a" },
        { ...change(2, 2), commit: "b" },
        { ...change(3, 3), commit: "b" },
      ]);
      expect(report.ok).toBe(false);
      expect(report.splitTransactions).toEqual(["s:tx:1: positions 1,2 in 2 target transactions"]);
    });

    it("takes the group from the application when it names one, and checks nothing without commits", () => {
      expect(checkHistory(source, [{ ...change(1, 1), tx: "t", commit: 1 }, { ...change(2, 2), tx: "t", commit: 2 }, change(3, 1)]).splitTransactions).toEqual(["t: positions 1,2 in 2 target transactions"]);
      expect(checkHistory(txSource, [change(1, 1), change(2, 2), change(3, 3)]).ok).toBe(true);
    });
  });
});
