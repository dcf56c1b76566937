import { Router, type RequestHandler } from "express";
import type { CatalogWriter } from "../domain";
import { createCategoryBody, updateCategoryBody } from "./legacy-bodies";
import { legacyJsonBody } from "./legacy-json-body";
import { idParams } from "./legacy-query";
import { legacyCategory } from "./legacy-views";
import { parseInput } from "./parse-input";
import { writeContext } from "./write-context";

/** `POST /categories`, `PATCH /categories/:id`, `DELETE /categories/:id` in the legacy contract (admin token). */
export function categoryWriteRoutes(writer: CatalogWriter, admin: RequestHandler): Router {
  const router = Router();
  const guard: RequestHandler[] = [legacyJsonBody(), admin];

  router.post("/categories", ...guard, async (req, res) => {
    const category = await writer.createCategory(parseInput(createCategoryBody, req.body, "body"), writeContext(res));
    res.status(201).location(`/categories/${category.legacyId}`).json(legacyCategory(category));
  });

  router.patch("/categories/:id", ...guard, async (req, res) => {
    const { id } = parseInput(idParams, req.params, "params");
    res.json(legacyCategory(await writer.updateCategory(id, parseInput(updateCategoryBody, req.body, "body"), writeContext(res))));
  });

  router.delete("/categories/:id", ...guard, async (req, res) => {
    const { id } = parseInput(idParams, req.params, "params");
    await writer.deleteCategory(id, writeContext(res));
    res.status(204).end();
  });

  return router;
}
