import { readFileSync } from "node:fs";
import { join } from "node:path";
import { JSON_SCHEMA_FILE, proxyConfigJsonSchema } from "./json-schema";

describe("shipped JSON Schema", () => {
  it("equals the schema generated from the zod schema (regenerate: npx tsx strangler-proxy/config/json-schema.ts)", () => {
    const shipped = JSON.parse(readFileSync(join(__dirname, JSON_SCHEMA_FILE), "utf8"));
    expect(shipped).toEqual(proxyConfigJsonSchema());
  });

  it("is referenced by the root strangler.config.json", () => {
    const config = JSON.parse(readFileSync(join(__dirname, "../../strangler.config.json"), "utf8"));
    expect(config.$schema).toBe(`./strangler-proxy/config/${JSON_SCHEMA_FILE}`);
  });
});
