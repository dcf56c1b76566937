import { Router, type RequestHandler } from "express";
import { parseInput } from "../http/validate";
import { createCategoryBody, updateCategoryBody } from "../schemas/category.schema";
import { idParams } from "../schemas/common.schema";
import type { CategoryService } from "../services/category-service";

/** `/categories`: public reads, admin writes. */
export function categoryRoutes(categories: CategoryService, admin: RequestHandler): Router {
  const router = Router();

  router.get("/categories", async (_req, res) => {
    const items = await categories.list();
    res.json({ items });
  });

  router.get("/categories/:id", async (req, res) => {
    const { id } = parseInput(idParams, req.params, "params");
    res.json(await categories.get(id));
  });

  router.post("/categories", admin, async (req, res) => {
    const category = await categories.create(parseInput(createCategoryBody, req.body));
    res.status(201).location(`/categories/${category.id}`).json(category);
  });

  router.patch("/categories/:id", admin, async (req, res) => {
    const { id } = parseInput(idParams, req.params, "params");
    res.json(await categories.update(id, parseInput(updateCategoryBody, req.body)));
  });

  router.delete("/categories/:id", admin, async (req, res) => {
    const { id } = parseInput(idParams, req.params, "params");
    await categories.delete(id);
    res.status(204).end();
  });

  return router;
}
