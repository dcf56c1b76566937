import { Router, type RequestHandler } from "express";
import type { CatalogWriter, NewProduct } from "../domain";
import { etagOf } from "./etag";
import { createProductBody, updateProductBody, type UpdateProductBody } from "./legacy-bodies";
import { legacyJsonBody } from "./legacy-json-body";
import { idParams } from "./legacy-query";
import { legacyProduct } from "./legacy-views";
import { parseInput } from "./parse-input";
import { writeContext } from "./write-context";

/** Adapter: legacy body fields (cents, categoryId) → the catalog's terms; absent fields stay absent. */
function productChanges(body: UpdateProductBody): Partial<NewProduct> {
  const changes: Partial<NewProduct> = {};
  if (body.sku !== undefined) changes.sku = body.sku;
  if (body.name !== undefined) changes.name = body.name;
  if (body.description !== undefined) changes.description = body.description;
  if (body.priceCents !== undefined) changes.priceMinor = body.priceCents;
  if (body.categoryId !== undefined) changes.categoryLegacyId = body.categoryId;
  if (body.active !== undefined) changes.active = body.active;
  return changes;
}

/** `POST /products`, `PATCH /products/:id`, `DELETE /products/:id` in the legacy contract (admin token, ETag on answers). */
export function productWriteRoutes(writer: CatalogWriter, admin: RequestHandler): Router {
  const router = Router();
  const guard: RequestHandler[] = [legacyJsonBody(), admin];

  router.post("/products", ...guard, async (req, res) => {
    const changes = productChanges(parseInput(createProductBody, req.body, "body"));
    const product = legacyProduct(await writer.createProduct(changes as NewProduct, writeContext(res)));
    res.status(201).location(`/products/${product.id}`).setHeader("ETag", etagOf(product)).json(product);
  });

  router.patch("/products/:id", ...guard, async (req, res) => {
    const { id } = parseInput(idParams, req.params, "params");
    const product = legacyProduct(await writer.updateProduct(id, productChanges(parseInput(updateProductBody, req.body, "body")), writeContext(res)));
    res.setHeader("ETag", etagOf(product)).json(product);
  });

  router.delete("/products/:id", ...guard, async (req, res) => {
    const { id } = parseInput(idParams, req.params, "params");
    await writer.deleteProduct(id, writeContext(res));
    res.status(204).end();
  });

  return router;
}
