/** Reverse sync (catalog → monolith): the mapping catalog rows → monolith rows, and its pure row functions. */
export { reverseMapping } from "./reverse-mapping";
export { monolithCategoryRow, monolithProductRow } from "./monolith-rows-of";
