/** What routing looks at in a request; the proxy adapts node's IncomingMessage to it. */
export interface RequestView {
  method: string;
  /** The normalised path (for logs; matching reads `segments`). */
  path: string;
  /** The normalised path's segments; an encoded slash stays inside its segment (normalise-path.ts). */
  segments: readonly string[];
  /** True when a segment holds a decoded `/` or `\` (from `%2F` / `%5C`). */
  encodedSlash: boolean;
  /** The raw query string with its leading `?`, or empty. */
  query: string;
  /** A header by lowercase name (first value when repeated). */
  header(name: string): string | undefined;
  /** The address of the client connection. */
  clientAddress: string;
}
