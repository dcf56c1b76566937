import { parseSeedArgs } from "./seed-args";

describe("parseSeedArgs", () => {
  it("turns flags into seed options and leaves absent ones to the defaults", () => {
    expect(parseSeedArgs({ products: "100000", seed: "7", force: true })).toEqual({
      categories: undefined, products: 100000, customers: undefined, orders: undefined, seed: 7, force: true,
    });
  });

  it.each([["products", "lots"], ["orders", "-1"], ["customers", "1.5"], ["products", "99999999999"]])("rejects --%s %s naming the flag", (flag, value) => {
    expect(() => parseSeedArgs({ [flag]: value })).toThrow(`--${flag}`);
  });
});
