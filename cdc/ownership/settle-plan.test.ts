import { planSettle, type GroupState } from "./settle-plan";

const row = (table: string, holder: string | null) => ({ table, holder, fencedAt: "2026-01-01T00:00:00.000Z", reason: null });
const TABLES = ["categories", "products"];

function state(overrides: Partial<GroupState> = {}): GroupState {
  return {
    group: "catalog-writes",
    owner: "monolith",
    epoch: 0,
    lease: null,
    sides: { monolith: { tables: TABLES, rows: [] }, service: { tables: TABLES, rows: TABLES.map((table) => row(table, "ownership")) } },
    proxy: { stage: "monolith", fence: null },
    ...overrides,
  };
}

describe("planSettle: what makes a write group agree with its owner", () => {
  it("plans nothing when the non-owner is fenced, the owner open and the proxy routes to the owner", () => {
    expect(planSettle(state(), null)).toEqual([]);
  });

  it("fences the non-owner's unfenced tables (a service database that starts unfenced)", () => {
    const fresh = state({ sides: { monolith: { tables: TABLES, rows: [] }, service: { tables: TABLES, rows: [row("products", "ownership")] } } });
    expect(planSettle(fresh, null)).toEqual([{ kind: "fence", side: "service", tables: ["categories"] }]);
  });

  it("undoes an interrupted cut-over that had not committed: opens the owner's tables the dead lease fenced", () => {
    const interrupted = state({
      sides: { monolith: { tables: TABLES, rows: TABLES.map((table) => row(table, "lease-1")) }, service: { tables: TABLES, rows: TABLES.map((table) => row(table, "ownership")) } },
      proxy: { stage: "monolith", fence: { holder: "lease-1", reason: "cutover", fencedAt: "x", expiresAt: "y" } },
    });
    expect(planSettle(interrupted, "lease-1")).toEqual([
      { kind: "open", side: "monolith", rows: [{ table: "categories", holder: "lease-1" }, { table: "products", holder: "lease-1" }] },
      { kind: "unfence-proxy", holder: "lease-1" },
    ]);
  });

  it("finishes an interrupted cut-over that had committed: the new owner opened, the proxy routed to it", () => {
    const committed = state({
      owner: "service",
      epoch: 1,
      sides: { monolith: { tables: TABLES, rows: TABLES.map((table) => row(table, "lease-1")) }, service: { tables: TABLES, rows: TABLES.map((table) => row(table, "ownership")) } },
      proxy: { stage: "monolith", fence: { holder: "lease-1", reason: "cutover", fencedAt: "x", expiresAt: "y" } },
    });
    expect(planSettle(committed, "lease-1")).toEqual([
      { kind: "open", side: "service", rows: [{ table: "categories", holder: "ownership" }, { table: "products", holder: "ownership" }] },
      { kind: "route", to: "service" },
      { kind: "unfence-proxy", holder: "lease-1" },
    ]);
  });

  it("leaves a proxy fence held by somebody else alone (it expires on its own), and skips the proxy when it is unknown", () => {
    const operatorFence = state({ proxy: { stage: "monolith", fence: { holder: "admin:ops", reason: null, fencedAt: "x", expiresAt: "y" } } });
    expect(planSettle(operatorFence, "lease-2")).toEqual([]);
    expect(planSettle(state({ proxy: null, owner: "service", sides: { monolith: { tables: TABLES, rows: TABLES.map((table) => row(table, "x")) }, service: { tables: TABLES, rows: [] } } }), null)).toEqual([]);
  });

  it("routes a group the proxy sends to the wrong side, or splits across stages", () => {
    expect(planSettle(state({ proxy: { stage: "mixed", fence: null } }), null)).toEqual([{ kind: "route", to: "monolith" }]);
  });
});
