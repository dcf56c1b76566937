import { SeededRandom } from "../../platform";
import { categoryRows, orderRows, productRow } from "./sample-rows";

describe("sample rows", () => {
  it("gives categories unique slugs even beyond the word list", () => {
    const slugs = categoryRows(45).map((row) => row.slug);
    expect(new Set(slugs).size).toBe(45);
    expect(slugs.every((slug) => /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(slug))).toBe(true);
  });

  it("keeps products inside the category range with valid prices and stock", () => {
    const random = new SeededRandom(3);
    for (let id = 1; id <= 200; id++) {
      const { product, stock } = productRow(random, id, 5);
      expect(product.categoryId).toBeGreaterThanOrEqual(1);
      expect(product.categoryId).toBeLessThanOrEqual(5);
      expect(product.priceCents).toBeGreaterThan(0);
      expect(stock.quantity).toBeGreaterThanOrEqual(0);
      expect(product.sku).toBe(`SKU-${String(id).padStart(7, "0")}`);
    }
  });

  it("makes orders of distinct products whose total is the sum of their lines", () => {
    const random = new SeededRandom(9);
    const { order, lines } = orderRows(random, 1, { categories: 1, products: 3, customers: 2, orders: 1 }, 10, (id) => id * 100);
    expect(new Set(lines.map((line) => line.productId)).size).toBe(lines.length);
    expect(lines[0].id).toBe(10);
    expect(order.totalCents).toBe(lines.reduce((sum, line) => sum + line.quantity * line.unitPriceCents, 0));
  });
});
