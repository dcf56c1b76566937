import type { Response } from "express";
import type { WriteContext } from "../domain";

/** The write's context from the request: its correlation id (set by the `requestId` middleware). */
export function writeContext(res: Response): WriteContext {
  const requestId: unknown = res.locals.requestId;
  return typeof requestId === "string" && requestId !== "" ? { requestId } : {};
}
