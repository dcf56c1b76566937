import { callLegacy, type LegacyCallKind } from "../../../service-kit";

/** Units of one product an order takes (or a cancel gives back). */
export interface StockLine {
  productId: number;
  quantity: number;
}

/** Where the shop's inventory API is and the admin token it asks for. */
export interface ShopInventory {
  url: string;
  adminToken: string;
}

/** What a stock call keeps in the legacy-call log (for its compensation and for the operator). */
export interface StockPayload {
  lines: StockLine[];
  /** "take" for a new order, "give" for a cancel. */
  direction: "take" | "give";
}

/**
 * The shop's inventory as an adapter: stock stays in the monolith, and the orders service changes it
 * only through the shop's own API, by idempotency key (`POST /inventory/movements`, docs/monolith.md):
 * taking an order's lines in one movement, giving them back on a cancel, and — the compensation —
 * reverting a movement by its key (which also stops a late copy of the original request).
 */
export function shopStock(inventory: ShopInventory): { kind: LegacyCallKind<StockPayload>; move(key: string, payload: StockPayload): Promise<unknown> } {
  return {
    kind: {
      kind: "shop-stock",
      compensate: async (key) => {
        await callLegacy({ method: "POST", url: `${inventory.url}/inventory/movements/${encodeURIComponent(key)}/revert`, token: inventory.adminToken });
      },
    },
    move: (key, payload) =>
      callLegacy({
        method: "POST",
        url: `${inventory.url}/inventory/movements`,
        token: inventory.adminToken,
        body: { key, lines: payload.lines.map((line) => ({ productId: line.productId, delta: payload.direction === "take" ? -line.quantity : line.quantity })) },
      }),
  };
}
