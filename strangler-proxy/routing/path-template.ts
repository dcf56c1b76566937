/** A compiled path template: `/products/:id`, `/products/*`. */
export interface PathTemplate {
  source: string;
  /** True when the template accepts the (already normalised) path's segments. */
  matches(segments: readonly string[]): boolean;
}

type Part = { kind: "literal"; value: string } | { kind: "param" } | { kind: "rest" };

/**
 * Compiles a template. Literal segments compare case-insensitively (as Express routes do by default,
 * so the proxy and an Express upstream agree), `:name` takes one segment, a final `*` one or more.
 */
export function compileTemplate(source: string): PathTemplate {
  const parts: Part[] = splitSegments(source).map((segment) => {
    if (segment === "*") return { kind: "rest" };
    if (segment.startsWith(":")) return { kind: "param" };
    return { kind: "literal", value: segment.toLowerCase() };
  });
  const hasRest = parts.length > 0 && parts[parts.length - 1].kind === "rest";
  const fixed = hasRest ? parts.length - 1 : parts.length;
  return {
    source,
    matches(segments) {
      if (hasRest ? segments.length <= fixed : segments.length !== fixed) return false;
      for (let i = 0; i < fixed; i++) {
        const part = parts[i];
        if (part.kind === "literal" && part.value !== segments[i].toLowerCase()) return false;
      }
      return true;
    },
  };
}

/** Segments of a normalised path; one trailing slash is ignored (`/products/` is `/products`). */
export function splitSegments(path: string): string[] {
  const segments = path.split("/").filter((segment) => segment !== "");
  return segments;
}
