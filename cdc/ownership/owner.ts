/** Which side owns a write group's tables: it takes their writes; the other side's copy is written only by sync. */
export type Owner = "monolith" | "service";

export const OWNERS: readonly Owner[] = ["monolith", "service"];

export const otherSide = (owner: Owner): Owner => (owner === "monolith" ? "service" : "monolith");

export const isOwner = (value: unknown): value is Owner => value === "monolith" || value === "service";
