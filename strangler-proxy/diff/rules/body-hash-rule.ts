import { sha256 } from "../comparable";
import type { DiffRule } from "../diff-rule";

/** Non-JSON bodies (HTML, images, compressed bodies) are compared by SHA-256 and size, not byte by byte. */
export function bodyHashRule(): DiffRule {
  return {
    name: "body-hash",
    prepare: (response) =>
      // An empty body (also what equal bodies are compared as) has nothing to hash.
      response.body.kind === "bytes" && response.body.bytes.length > 0 ? { ...response, body: { kind: "hash", sha256: sha256(response.body.bytes), size: response.body.bytes.length } } : response,
  };
}
