import { createProductBody, listProductsQuery, updateProductBody } from "./product.schema";

describe("createProductBody", () => {
  const valid = { sku: "LAMP-1", name: " Lamp ", priceCents: 1999, categoryId: 3 };

  it("fills description and active and trims the name", () => {
    expect(createProductBody.parse(valid)).toEqual({ ...valid, name: "Lamp", description: "", active: true });
  });

  it.each([
    ["a negative price", { priceCents: -1 }],
    ["a fractional price", { priceCents: 1.5 }],
    ["a price as a string", { priceCents: "1999" }],
    ["a SKU with spaces", { sku: "LAMP 1" }],
    ["an empty name", { name: "   " }],
    ["a category id of 0", { categoryId: 0 }],
  ])("rejects %s", (_label, change) => {
    expect(createProductBody.safeParse({ ...valid, ...change }).success).toBe(false);
  });
});

describe("updateProductBody", () => {
  it("accepts one field and refuses none", () => {
    expect(updateProductBody.parse({ active: false })).toEqual({ active: false });
    expect(updateProductBody.safeParse({}).success).toBe(false);
  });
});

describe("listProductsQuery", () => {
  it("defaults to page 1 of 20 sorted by id", () => {
    expect(listProductsQuery.parse({})).toEqual({ page: 1, pageSize: 20, sort: "id" });
  });

  it("parses numbers and flags from query strings", () => {
    expect(listProductsQuery.parse({ page: "3", pageSize: "100", categoryId: "7", active: "false", q: " lamp ", sort: "-price" })).toEqual({
      page: 3, pageSize: 100, categoryId: 7, active: false, q: "lamp", sort: "-price",
    });
  });

  it.each([{ pageSize: "101" }, { page: "0" }, { page: "1.5" }, { page: "0x10" }, { page: ["1", "2"] }, { sort: "stock" }])(
    "rejects %j",
    (query) => {
      expect(listProductsQuery.safeParse(query).success).toBe(false);
    },
  );
});
