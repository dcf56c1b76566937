import { Router, type RequestHandler } from "express";
import { etagOf, ifNoneMatchHits } from "../http/etag";
import { parseInput } from "../http/validate";
import { idParams } from "../schemas/common.schema";
import { createProductBody, listProductsQuery, updateProductBody } from "../schemas/product.schema";
import type { ProductService } from "../services/product-service";

/** `/products`: paged search, reads with ETags, admin writes. */
export function productRoutes(products: ProductService, admin: RequestHandler): Router {
  const router = Router();

  router.get("/products", async (req, res) => {
    const page = await products.list(parseInput(listProductsQuery, req.query, "query"));
    res.setHeader("X-Total-Count", String(page.total));
    res.json(page);
  });

  router.get("/products/:id", async (req, res) => {
    const { id } = parseInput(idParams, req.params, "params");
    const product = await products.get(id);
    const etag = etagOf(product);
    res.setHeader("ETag", etag);
    if (ifNoneMatchHits(req.headers["if-none-match"], etag)) {
      res.status(304).end();
      return;
    }
    res.json(product);
  });

  router.post("/products", admin, async (req, res) => {
    const product = await products.create(parseInput(createProductBody, req.body));
    res.status(201).location(`/products/${product.id}`).setHeader("ETag", etagOf(product)).json(product);
  });

  router.patch("/products/:id", admin, async (req, res) => {
    const { id } = parseInput(idParams, req.params, "params");
    const product = await products.update(id, parseInput(updateProductBody, req.body));
    res.setHeader("ETag", etagOf(product)).json(product);
  });

  router.delete("/products/:id", admin, async (req, res) => {
    const { id } = parseInput(idParams, req.params, "params");
    await products.delete(id);
    res.status(204).end();
  });

  return router;
}
