import { consistentSide, type AppliedView, type ConsistencyQuestion } from "./consistent-side";
import { UNKNOWN_POSITION } from "./watermark";

const applied = (views: Record<string, AppliedView>) => (stream: string) => views[stream];
const ask = (overrides: Partial<ConsistencyQuestion>): ConsistencyQuestion => ({
  side: "service",
  monolith: "monolith",
  service: "catalog",
  watermark: {},
  applied: applied({}),
  ...overrides,
});

describe("consistentSide", () => {
  it("lets a read go anywhere without a watermark", () => {
    expect(consistentSide(ask({}))).toEqual({ fresh: true });
  });

  it("holds a service read back until the service applied the monolith's stream through the write", () => {
    const watermark = { monolith: { stream: "CDC_MONOLITH", position: 40 } };
    expect(consistentSide(ask({ watermark, applied: applied({ CDC_MONOLITH: { through: 39, parked: 0 } }) }))).toEqual({ fresh: false, owner: "monolith", upstream: "monolith", stream: "CDC_MONOLITH" });
    expect(consistentSide(ask({ watermark, applied: applied({ CDC_MONOLITH: { through: 40, parked: 0 } }) }))).toEqual({ fresh: true });
    expect(consistentSide(ask({ watermark, applied: applied({ CDC_MONOLITH: { through: 41, parked: 0 } }) }))).toEqual({ fresh: true });
  });

  it("counts an unknown applied position, a parked change or a missing stream as not applied", () => {
    const watermark = { monolith: { stream: "CDC_MONOLITH", position: 40 } };
    expect(consistentSide(ask({ watermark, applied: applied({ CDC_MONOLITH: { through: null, parked: 0 } }) })).fresh).toBe(false);
    expect(consistentSide(ask({ watermark, applied: applied({ CDC_MONOLITH: { through: 90, parked: 1 } }) })).fresh).toBe(false);
    expect(consistentSide(ask({ watermark, applied: applied({ CDC_OTHER: { through: 90, parked: 0 } }) })).fresh).toBe(false);
  });

  it("never holds a read back for writes made through the side that serves it", () => {
    const watermark = { monolith: { stream: "CDC_MONOLITH", position: 40 } };
    expect(consistentSide(ask({ side: "monolith", watermark }))).toEqual({ fresh: true });
    expect(consistentSide(ask({ side: "service", watermark: { catalog: { stream: "CDC_CATALOG", position: 7 } } }))).toEqual({ fresh: true });
  });

  it("holds a monolith read back until the service's reverse sync applied the service's stream (after a write cut-over)", () => {
    const watermark = { catalog: { stream: "CDC_CATALOG", position: 7 } };
    expect(consistentSide(ask({ side: "monolith", watermark, applied: applied({ CDC_CATALOG: { through: 6, parked: 0 } }) }))).toEqual({ fresh: false, owner: "service", upstream: "catalog", stream: "CDC_CATALOG" });
    expect(consistentSide(ask({ side: "monolith", watermark, applied: applied({ CDC_CATALOG: { through: 7, parked: 0 } }) }))).toEqual({ fresh: true });
  });

  it("ignores writes through upstreams that are not a side of the route", () => {
    expect(consistentSide(ask({ watermark: { orders: { stream: "CDC_ORDERS", position: 3 } } }))).toEqual({ fresh: true });
  });

  it("sends the read to the side that took the write when its head could not be read", () => {
    const watermark = { monolith: { stream: "", position: UNKNOWN_POSITION } };
    expect(consistentSide(ask({ watermark, applied: applied({ CDC_MONOLITH: { through: 1e12, parked: 0 } }) }))).toMatchObject({ fresh: false, owner: "monolith" });
  });
});
