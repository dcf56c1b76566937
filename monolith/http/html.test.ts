import { escapeHtml, formatPrice } from "./html";
import { renderProductPage } from "./product-page";

describe("escapeHtml", () => {
  it("escapes the five HTML-special characters", () => {
    expect(escapeHtml(`<a href="x">Tom & 'Jerry'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;");
  });
});

describe("formatPrice", () => {
  it("formats cents with two decimals", () => {
    expect(formatPrice(0)).toBe("$0.00");
    expect(formatPrice(5)).toBe("$0.05");
    expect(formatPrice(199999)).toBe("$1999.99");
  });
});

describe("renderProductPage", () => {
  const product = {
    id: 7, sku: "SKU<1>", name: "<b>Lamp</b>", description: "<img src=x onerror=alert(1)>", priceCents: 1250,
    categoryId: 1, active: true, createdAt: "2026-01-01T00:00:00.000Z", updatedAt: "2026-01-01T00:00:00.000Z",
  };

  it("escapes every value taken from the database", () => {
    const html = renderProductPage({ product, categoryName: "<i>Lighting</i>", quantity: 2 });
    expect(html).not.toMatch(/<b>|<img|<i>/);
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(html).toContain("$12.50");
  });

  it("states availability from the active flag and stock", () => {
    expect(renderProductPage({ product, categoryName: "x", quantity: 0 })).toContain("Out of stock");
    expect(renderProductPage({ product: { ...product, active: false }, categoryName: "x", quantity: 3 })).toContain("No longer sold");
  });
});
