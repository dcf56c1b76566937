import { z } from "zod";
import { ShopError } from "../errors";
import { parseInput } from "./validate";

const schema = z.strictObject({ name: z.string(), lines: z.array(z.strictObject({ quantity: z.int().min(1) })) });

function issuesOf(input: unknown): unknown {
  try {
    parseInput(schema, input);
  } catch (err) {
    expect(err).toBeInstanceOf(ShopError);
    return (err as ShopError).toBody().error;
  }
  throw new Error("expected a validation error");
}

describe("parseInput", () => {
  it("returns the parsed value when valid", () => {
    expect(parseInput(schema, { name: "x", lines: [{ quantity: 2 }] })).toEqual({ name: "x", lines: [{ quantity: 2 }] });
  });

  it("names nested fields with dotted paths", () => {
    expect(issuesOf({ name: "x", lines: [{ quantity: 1 }, { quantity: 0 }] })).toMatchObject({
      code: "SHOP_ERR_VALIDATION",
      fields: [{ field: "lines.1.quantity" }],
    });
  });

  it("lists each unknown key as its own field", () => {
    expect(issuesOf({ name: "x", lines: [], colour: 1, size: 2 })).toMatchObject({ fields: [{ field: "colour" }, { field: "size" }] });
  });

  it("names the root when the input is not an object at all", () => {
    expect(issuesOf([1, 2])).toMatchObject({ fields: [{ field: "body" }] });
  });

  it("treats a missing body as an empty object", () => {
    expect(issuesOf(undefined)).toMatchObject({ fields: [{ field: "name" }, { field: "lines" }] });
  });
});
