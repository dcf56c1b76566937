import { mergeWatermarks, UNKNOWN_POSITION, withEntry } from "./watermark";
import { WatermarkStore } from "./watermark-store";

describe("watermarks", () => {
  it("merge to the higher position per upstream", () => {
    const a = { monolith: { stream: "CDC_MONOLITH", position: 5 }, catalog: { stream: "CDC_CATALOG", position: 9 } };
    const b = { monolith: { stream: "CDC_MONOLITH", position: 8 }, catalog: { stream: "CDC_CATALOG", position: 2 } };
    expect(mergeWatermarks(a, b)).toEqual({ monolith: { stream: "CDC_MONOLITH", position: 8 }, catalog: { stream: "CDC_CATALOG", position: 9 } });
    expect(mergeWatermarks(undefined, b)).toBe(b);
    expect(mergeWatermarks(a, undefined)).toBe(a);
  });

  it("take a new reading as it is: a known head read later replaces an unknown one", () => {
    const unknown = withEntry(undefined, "monolith", { stream: "", position: UNKNOWN_POSITION });
    expect(withEntry(unknown, "monolith", { stream: "CDC_MONOLITH", position: 12 })).toEqual({ monolith: { stream: "CDC_MONOLITH", position: 12 } });
  });

  it("are kept for a bounded number of clients, least recently used dropped first", () => {
    const store = new WatermarkStore(2, 60_000);
    store.set("a", {});
    store.set("b", {});
    store.get("a");
    store.set("c", {});
    expect(store.size).toBe(2);
    expect(store.get("b")).toBeUndefined();
    expect(store.get("a")).toEqual({});
  });
});
