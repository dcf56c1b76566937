import { MAX_LINE_QUANTITY, MAX_ORDER_LINES, placeOrderBody } from "./order.schema";

describe("placeOrderBody", () => {
  it("accepts lines of distinct products with positive whole quantities", () => {
    const body = { lines: [{ productId: 1, quantity: 2 }, { productId: 2, quantity: MAX_LINE_QUANTITY }] };
    expect(placeOrderBody.parse(body)).toEqual(body);
  });

  it("points at the repeated line when a product appears twice", () => {
    const result = placeOrderBody.safeParse({ lines: [{ productId: 1, quantity: 1 }, { productId: 1, quantity: 2 }] });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].path).toEqual(["lines", 1, "productId"]);
  });

  it.each([
    ["no lines", { lines: [] }],
    ["too many lines", { lines: Array.from({ length: MAX_ORDER_LINES + 1 }, (_, i) => ({ productId: i + 1, quantity: 1 })) }],
    ["a zero quantity", { lines: [{ productId: 1, quantity: 0 }] }],
    ["a huge quantity", { lines: [{ productId: 1, quantity: MAX_LINE_QUANTITY + 1 }] }],
    ["an extra field", { lines: [{ productId: 1, quantity: 1, priceCents: 1 }] }],
  ])("rejects %s", (_label, body) => {
    expect(placeOrderBody.safeParse(body).success).toBe(false);
  });
});
