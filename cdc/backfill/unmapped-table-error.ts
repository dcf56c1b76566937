import { CDC_ERROR_CODES, CdcError } from "../core/errors";

/**
 * A backfill or verify run names a source table its mapping has no entry for (a wiring mistake,
 * found before anything is written). Code `CDC_ERR_UNMAPPED_TABLE`.
 */
export class UnmappedTableError extends CdcError {
  constructor(table: string) {
    super(CDC_ERROR_CODES.unmappedTable, `The mapping has no entry for source table "${table}": add one with tableMapping(), or leave the table out.`);
    this.name = "UnmappedTableError";
  }
}
