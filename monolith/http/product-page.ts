import type { ProductView } from "../views/product.view";
import { escapeHtml, formatPrice } from "./html";

export interface ProductPageData {
  product: ProductView;
  categoryName: string | undefined;
  quantity: number;
}

/** The legacy server-rendered product page. Every value from the database is escaped. */
export function renderProductPage({ product, categoryName, quantity }: ProductPageData): string {
  const availability = !product.active ? "No longer sold" : quantity > 0 ? `In stock (${quantity})` : "Out of stock";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(product.name)} | Legacy Shop</title>
</head>
<body>
<main class="product" data-product-id="${product.id}">
<h1>${escapeHtml(product.name)}</h1>
<p class="sku">SKU ${escapeHtml(product.sku)}</p>
<p class="category">${escapeHtml(categoryName ?? "Uncategorised")}</p>
<p class="price">${formatPrice(product.priceCents)}</p>
<p class="availability">${escapeHtml(availability)}</p>
<div class="description">${escapeHtml(product.description)}</div>
</main>
</body>
</html>
`;
}
