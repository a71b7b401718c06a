// The one error class of @steel/trainer. `code` is a stable literal union: apps map it to exit codes, tests
// assert it. Messages say what was expected, what was found, where, and a hint.
export type TrainerErrorCode =
  | 'TRAINER_BAD_CONFIG'
  | 'TRAINER_BAD_ARGUMENT'
  | 'TRAINER_EP_UNAVAILABLE'
  | 'TRAINER_GRAPH_RUN'
  | 'TRAINER_DATA_EXHAUSTED'
  | 'TRAINER_DATA_MISSING'
  | 'TRAINER_BAD_CHECKPOINT'
  | 'TRAINER_NON_FINITE'
  | 'TRAINER_BAD_ARTIFACTS'
  | 'TRAINER_BAD_METRICS';

export interface TrainerErrorDetails {
  file?: string;
  field?: string;
  expected?: string;
  found?: string;
  [key: string]: unknown;
}

export class TrainerError extends Error {
  readonly code: TrainerErrorCode;
  readonly details: TrainerErrorDetails;

  constructor(
    code: TrainerErrorCode,
    message: string,
    details: TrainerErrorDetails = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TrainerError';
    this.code = code;
    this.details = details;
  }
}

/** True when `e` is a TrainerError (optionally with the given code). */
export function isTrainerError(e: unknown, code?: TrainerErrorCode): e is TrainerError {
  return e instanceof TrainerError && (code === undefined || e.code === code);
}
