/** What routing looks at in a request; the proxy adapts node's IncomingMessage to it. */
export interface RequestView {
  method: string;
  /** The normalised, decoded path. */
  path: string;
  /** The raw query string with its leading `?`, or empty. */
  query: string;
  /** A header by lowercase name (first value when repeated). */
  header(name: string): string | undefined;
  /** The address of the client connection. */
  clientAddress: string;
}
