import { Router } from "express";
import type { CatalogReader } from "../domain";
import { LEGACY_WIRE_CODES, notFound } from "../errors";
import { idParams } from "./legacy-query";
import { legacyCategory } from "./legacy-views";
import { parseInput } from "./parse-input";

/** `GET /categories` and `GET /categories/:id` in the legacy contract. */
export function categoryRoutes(reader: CatalogReader): Router {
  const router = Router();

  router.get("/categories", async (_req, res) => {
    res.json({ items: (await reader.categories()).map(legacyCategory) });
  });

  router.get("/categories/:id", async (req, res) => {
    const { id } = parseInput(idParams, req.params, "params");
    const category = await reader.categoryByLegacyId(id);
    if (!category) throw notFound(LEGACY_WIRE_CODES.categoryNotFound, "Category", id);
    res.json(legacyCategory(category));
  });

  return router;
}
