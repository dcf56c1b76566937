import { describeCategoryCases } from "./category.cases";
import { describeCustomerCases } from "./customer.cases";
import { describeErrorCases } from "./error.cases";
import { describeInventoryCases } from "./inventory.cases";
import { describeLegacyCases } from "./legacy.cases";
import { describeListingCases } from "./listing.cases";
import { describeOrderCases } from "./order.cases";
import { describeProductCases } from "./product.cases";
import { ShopFixtures } from "./shop-fixtures";
import { describeStockMovementCases } from "./stock-movement.cases";
import type { ShopTarget } from "./shop-target";

/**
 * Declares the shop's regression suite against `target()` (read lazily, once the caller's
 * beforeAll has started the shop or the proxy). Every case creates its own uniquely named data,
 * so the suite runs unchanged against an empty, seeded or proxied shop.
 */
export function describeShopRegression(target: () => ShopTarget): void {
  const fx = new ShopFixtures(target);
  describe("legacy shop regression", () => {
    describeCategoryCases(fx);
    describeProductCases(fx);
    describeListingCases(fx);
    describeInventoryCases(fx);
    describeStockMovementCases(fx);
    describeCustomerCases(fx);
    describeOrderCases(fx);
    describeLegacyCases(fx);
    describeErrorCases(fx);
  });
}
