import type { ChangeEvent } from "../../contracts";
import { decideApply, type KeyState } from "./apply-decision";

function change(position: number, previousPosition: number | null): ChangeEvent {
  return { kind: "change", id: `shop:${position}`, source: "shop", position, previousPosition, table: "items", op: "update", key: { id: 1 }, before: null, after: { id: 1 }, committedAt: new Date().toISOString(), origin: "shop" };
}

const state = (storedPosition: number | null, firstParkedPosition: number | null = null, thisChangeParked = false): KeyState => ({ storedPosition, firstParkedPosition, thisChangeParked });

describe("decideApply", () => {
  it("applies the first change of a row", () => {
    expect(decideApply(change(5, null), state(null), 0)).toEqual({ action: "apply" });
  });

  it("applies a change whose predecessor is the stored position", () => {
    expect(decideApply(change(9, 5), state(5), 0)).toEqual({ action: "apply" });
  });

  it("skips a redelivered change as a duplicate", () => {
    expect(decideApply(change(9, 5), state(9), 0)).toEqual({ action: "skip", reason: "duplicate" });
  });

  it("skips a change older than the stored one instead of applying it over the newer", () => {
    expect(decideApply(change(5, null), state(9), 0)).toEqual({ action: "skip", reason: "older" });
  });

  it("waits when the previous change of the row has not been applied yet", () => {
    expect(decideApply(change(9, 5), state(null), 0)).toEqual({ action: "wait", waitingFor: 5 });
    expect(decideApply(change(12, 9), state(5), 0)).toEqual({ action: "wait", waitingFor: 9 });
  });

  it("does not wait for a predecessor below the consumer's start position", () => {
    expect(decideApply(change(9, 5), state(null), 6)).toEqual({ action: "apply" });
  });

  it("skips changes below the start position", () => {
    expect(decideApply(change(5, null), state(null), 6)).toEqual({ action: "skip", reason: "before-start" });
  });

  it("parks a change behind an earlier parked change of the same row", () => {
    expect(decideApply(change(9, 5), state(3, 5), 0)).toEqual({ action: "park-behind", parkedPosition: 5 });
  });

  it("skips a change that is already parked", () => {
    expect(decideApply(change(5, 3), state(3, 5, true), 0)).toEqual({ action: "skip", reason: "already-parked" });
  });
});
