/**
 * The codes a service answers on its internal sync endpoints, its own (docs/errors.md): the kit's
 * routes are generic, the codes say which service refused.
 */
export interface SyncErrorCodes {
  /** 503: the consumer or the ownership record does not answer, or sync is off in this process. */
  syncUnavailable: string;
  /** 409: a discard's key names parked changes in more than one table or direction. */
  discardAmbiguous: string;
  /** 400: a query or body that does not parse (one issue per field). */
  validation: string;
}
