import type { Delivery } from "../core/ports";
import { WaitingRoom } from "./waiting-room";

const delivery = (position: number): Delivery =>
  ({ message: { kind: "change", position } as never, streamSequence: position, deliveryCount: 1, ack: () => undefined, nak: () => undefined }) as Delivery;
const positions = (deliveries: Delivery[]) => deliveries.map((entry) => entry.streamSequence);

describe("WaitingRoom: changes held until their row moves on", () => {
  it("releases a row's held changes, in the order they came, once a change of that row was taken", () => {
    const room = new WaitingRoom({ maxHeld: 10 });
    room.hold("products 1", delivery(3), 1000);
    room.hold("products 2", delivery(4), 1000);
    room.hold("products 1", delivery(5), 1000);

    expect(positions(room.release(["products 1", "categories 9"]))).toEqual([3, 5]);
    expect(room.size).toBe(1);
    expect(positions(room.release(["products 1"]))).toEqual([]);
  });

  it("hands back what is held past its time, and refuses to hold beyond maxHeld", () => {
    const room = new WaitingRoom({ maxHeld: 2 });
    expect(room.hold("a", delivery(1), 1000)).toBe(true);
    expect(room.hold("b", delivery(2), 1500)).toBe(true);
    expect(room.hold("c", delivery(3), 1500)).toBe(false);

    expect(positions(room.expired(1200))).toEqual([1]);
    expect(room.size).toBe(1);
    expect(positions(room.drain())).toEqual([2]);
    expect(room.size).toBe(0);
  });
});
