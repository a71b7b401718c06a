// The one error class of @steel/evaluator. `code` is a stable literal union: apps map it to exit codes and tests
// assert it. Messages name the file and line, what was expected and what was found.
export type EvaluatorErrorCode =
  | 'EVAL_MISSING_SPLIT'
  | 'EVAL_BAD_CSV'
  | 'EVAL_BAD_COLUMNS'
  | 'EVAL_BAD_ANSWER'
  | 'EVAL_EMPTY_SUBJECT'
  | 'EVAL_UNKNOWN_SUBJECT'
  | 'EVAL_BAD_OPTIONS'
  | 'EVAL_NOT_ENOUGH_SHOTS'
  | 'EVAL_BAD_RESULTS'
  // runtime / generation / chat (issue #5)
  | 'EVAL_BAD_MODEL'
  | 'EVAL_NO_TOKENIZER'
  | 'EVAL_TOKENIZER_MISMATCH'
  | 'EVAL_EP_UNAVAILABLE'
  | 'EVAL_GRAPH_RUN'
  | 'EVAL_BAD_ARGUMENT'
  | 'EVAL_BAD_TEMPLATE'
  // scoring / resume / perplexity / download (issue #5)
  | 'EVAL_BAD_VOCAB'
  | 'EVAL_RESUME_MISMATCH'
  | 'EVAL_BAD_DATA'
  | 'EVAL_DOWNLOAD';

export interface EvaluatorErrorDetails {
  /** The file the problem is in, when there is one. */
  file?: string;
  /** 1-based physical line in the file, when known. */
  line?: number;
  /** Option or column name. */
  field?: string;
  expected?: string;
  found?: string;
  [key: string]: unknown;
}

export class EvaluatorError extends Error {
  readonly code: EvaluatorErrorCode;
  readonly details: EvaluatorErrorDetails;

  constructor(
    code: EvaluatorErrorCode,
    message: string,
    details: EvaluatorErrorDetails = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'EvaluatorError';
    this.code = code;
    this.details = details;
  }
}

/** True when `e` is an EvaluatorError (optionally with the given code). */
export function isEvaluatorError(e: unknown, code?: EvaluatorErrorCode): e is EvaluatorError {
  return e instanceof EvaluatorError && (code === undefined || e.code === code);
}
