import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { proxyFileSchema } from "./schema";

/** File name of the shipped JSON Schema, next to this file. */
export const JSON_SCHEMA_FILE = "strangler.config.schema.json";

/** The JSON Schema editors use for `strangler.config.json`, generated from the zod schema. */
export function proxyConfigJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(proxyFileSchema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  return { ...schema, title: "strangler-proxy route table", $id: "strangler.config.schema.json" };
}

// `npx tsx strangler-proxy/config/json-schema.ts` rewrites the shipped schema after a change to schema.ts.
if (require.main === module) {
  writeFileSync(join(__dirname, JSON_SCHEMA_FILE), `${JSON.stringify(proxyConfigJsonSchema(), null, 2)}\n`);
}
