import { AppliedThrough } from "./applied-through";

describe("AppliedThrough", () => {
  it("proves nothing before a mark was passed by the acknowledged floor", () => {
    const applied = new AppliedThrough();
    expect(applied.passFloor(100)).toBeNull();
    applied.mark(120, 40);
    expect(applied.passFloor(119)).toBeNull();
    expect(applied.passFloor(120)).toBe(40);
  });

  it("takes the newest mark the floor passed, never going back", () => {
    const applied = new AppliedThrough();
    applied.mark(10, 5);
    applied.mark(20, 9);
    applied.mark(30, 14);
    expect(applied.passFloor(25)).toBe(9);
    expect(applied.passFloor(25)).toBe(9);
    expect(applied.passFloor(31)).toBe(14);
    expect(applied.passFloor(5)).toBe(14);
  });

  it("ignores a mark delivered again (redelivery has a sequence already seen)", () => {
    const applied = new AppliedThrough();
    applied.mark(20, 9);
    applied.mark(20, 9);
    applied.mark(15, 3);
    expect(applied.passFloor(20)).toBe(9);
  });

  it("keeps its memory bounded when the floor does not move", () => {
    const applied = new AppliedThrough();
    for (let i = 1; i <= 10_000; i++) applied.mark(i, i);
    expect(applied.passFloor(0)).toBeNull();
    expect(applied.passFloor(10_000)).toBe(10_000);
  });
});
