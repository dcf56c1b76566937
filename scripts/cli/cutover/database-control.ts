import { currentPosition, liftWriteFence, parkedOnTheWay, readWriteFence, setWriteFence, waitForDrain, type WritePath } from "../../../cdc";
import { otherSide, type DatabaseControl, type Owner } from "./ports";

/** The databases of a service's write path as a cut-over drives them (write fence, log head, drain, verify). */
export function writePathControl(path: WritePath, drainTimeoutMs: number): DatabaseControl {
  const side = (owner: Owner) => path.sides[owner];
  return {
    isFenced: async (owner) => {
      const fenced = new Set((await readWriteFence(side(owner).db)).map((row) => row.table));
      return side(owner).tables.every((table) => fenced.has(table));
    },
    fence: (owner, reason) => setWriteFence(side(owner).db, [...side(owner).tables], reason),
    unfence: (owner) => liftWriteFence(side(owner).db, [...side(owner).tables]),
    head: (owner) => currentPosition(side(owner).db),
    drain: (from, through, signal, after) => waitForDrain(side(from), side(otherSide(from)), through, { timeoutMs: drainTimeoutMs, signal, after }),
    parked: async (from) => (await parkedOnTheWay(side(from), side(otherSide(from)))).length,
    verify: () => path.verify(),
    verifyChangedSince: (since, keys) => path.verifyChangedSince(since, keys),
  };
}
