/** Detail of one failing input field, returned with 400 answers. */
export interface FieldIssue {
  field: string;
  message: string;
}

/** The JSON error body every HTTP API of this project answers with. */
export interface ErrorBody {
  error: { code: string; message: string; fields?: FieldIssue[] };
}

/**
 * An error that maps to an HTTP answer. `code` is stable (documented in docs/errors.md);
 * `message` is for people; `fields` lists failing inputs of a 400.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: FieldIssue[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = "HttpError";
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.fields ? { fields: this.fields } : {}) } };
  }
}
