import { Router } from "express";
import type { CatalogReader, ProductOrder } from "../domain";
import { LEGACY_WIRE_CODES, notFound } from "../errors";
import { etagOf, ifNoneMatchHits } from "./etag";
import { idParams, listProductsQuery, type ProductSort } from "./legacy-query";
import { legacyProduct } from "./legacy-views";
import { parseInput } from "./parse-input";

const ORDERS: Record<ProductSort, [ProductOrder, boolean]> = {
  id: ["legacyId", false],
  price: ["priceMinor", false],
  "-price": ["priceMinor", true],
  name: ["name", false],
  "-name": ["name", true],
};

/** `GET /products` and `GET /products/:id` in the legacy contract (paging, X-Total-Count, ETag/304). */
export function productRoutes(reader: CatalogReader): Router {
  const router = Router();

  router.get("/products", async (req, res) => {
    const query = parseInput(listProductsQuery, req.query, "query");
    const [order, descending] = ORDERS[query.sort];
    const { products, total } = await reader.searchProducts({
      categoryLegacyId: query.categoryId,
      text: query.q,
      active: query.active,
      order,
      descending,
      offset: (query.page - 1) * query.pageSize,
      limit: query.pageSize,
    });
    res.setHeader("X-Total-Count", String(total));
    res.json({ items: products.map(legacyProduct), page: query.page, pageSize: query.pageSize, total });
  });

  router.get("/products/:id", async (req, res) => {
    const { id } = parseInput(idParams, req.params, "params");
    const product = await reader.productByLegacyId(id);
    if (!product) throw notFound(LEGACY_WIRE_CODES.productNotFound, "Product", id);
    const body = legacyProduct(product);
    const etag = etagOf(body);
    res.setHeader("ETag", etag);
    if (ifNoneMatchHits(req.headers["if-none-match"], etag)) {
      res.status(304).end();
      return;
    }
    res.json(body);
  });

  return router;
}
