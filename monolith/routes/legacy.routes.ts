import { Router, type Response } from "express";
import { productCsvRow, PRODUCT_CSV_HEADER } from "../http/product-csv";
import { renderProductPage } from "../http/product-page";
import { parseInput } from "../http/validate";
import { idParams } from "../schemas/common.schema";
import type { ProductService } from "../services/product-service";

/** Rows read from the database per export chunk. */
const EXPORT_BATCH = 500;

/** Resolves when the client has taken the buffered output, or has gone away. */
function drained(res: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}

/** Old shapes that clients still use: the HTML product page, the CSV export, the old catalog URL. */
export function legacyRoutes(products: ProductService): Router {
  const router = Router();

  router.get("/shop/products/:id", async (req, res) => {
    const { id } = parseInput(idParams, req.params, "params");
    const page = renderProductPage(await products.pageData(id));
    res.type("html").send(page);
  });

  // Streamed: each batch is written as soon as it is read, so memory stays flat for any catalog size.
  router.get("/export/products.csv", async (req, res) => {
    res.type("text/csv; charset=utf-8");
    res.setHeader("Content-Disposition", 'attachment; filename="products.csv"');
    res.write(PRODUCT_CSV_HEADER);
    let afterId = 0;
    while (!res.destroyed) {
      const batch = await products.batchAfter(afterId, EXPORT_BATCH);
      if (batch.length === 0) break;
      const flushed = res.write(batch.map(productCsvRow).join(""));
      afterId = batch[batch.length - 1].id;
      if (!flushed) await drained(res);
    }
    res.end();
  });

  router.get("/catalog", (req, res) => {
    const query = req.originalUrl.indexOf("?");
    res.redirect(301, `/products${query >= 0 ? req.originalUrl.slice(query) : ""}`);
  });

  return router;
}
