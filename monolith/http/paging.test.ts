import { offsetOf, pageCount } from "./paging";

describe("paging math", () => {
  it("skips nothing on page 1 and whole pages after", () => {
    expect(offsetOf(1, 20)).toBe(0);
    expect(offsetOf(3, 20)).toBe(40);
  });

  it("counts partial last pages and no pages for no rows", () => {
    expect(pageCount(0, 20)).toBe(0);
    expect(pageCount(20, 20)).toBe(1);
    expect(pageCount(21, 20)).toBe(2);
  });
});
