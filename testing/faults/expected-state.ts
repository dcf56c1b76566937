/** A value a client was told was written, and the fault row during which it was confirmed. */
export interface Confirmed<T> {
  value: T;
  row: string;
}

/** What one product client knows about one of its products. */
export interface ProductFate {
  sku: string;
  /** Null when the create's answer was ambiguous (the id was never told). */
  id: number | null;
  created: "confirmed" | "ambiguous";
  createdRow: string;
  /** The name sent with the create. */
  createName: string;
  /** The last confirmed name (the create's, then each confirmed rename). */
  name: Confirmed<string> | null;
  /** A rename whose answer was ambiguous: the final name may be this one too. */
  ambiguousName: string | null;
  deleted: "no" | "confirmed" | "ambiguous";
  deletedRow: string | null;
  /** After an ambiguous answer the client leaves the product alone. */
  frozen: boolean;
}

/** What the category client knows about one category (a seeded one, or one it created). */
export interface CategoryFate {
  slug: string;
  id: number | null;
  created: "seeded" | "confirmed" | "ambiguous";
  createdRow: string;
  createName: string;
  name: Confirmed<string> | null;
  ambiguousName: string | null;
  frozen: boolean;
}

/** What the legacy-traffic client knows about one product's stock (the monolith's own table). */
export interface StockFate {
  productId: number;
  /** The quantity before the load (read once), then each confirmed PUT. */
  quantity: Confirmed<number>;
  ambiguousQuantity: number | null;
  frozen: boolean;
}

/** Everything the clients were told, to be found in the databases at the end. */
export interface ExpectedState {
  products: ProductFate[];
  categories: CategoryFate[];
  stock: StockFate[];
}
