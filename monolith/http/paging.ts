/** A page of results in the shape every list endpoint answers with. */
export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

/** Rows to skip for a 1-based page. */
export function offsetOf(page: number, pageSize: number): number {
  return (page - 1) * pageSize;
}

/** Number of pages needed for `total` rows (0 when there are none). */
export function pageCount(total: number, pageSize: number): number {
  return Math.ceil(total / pageSize);
}
