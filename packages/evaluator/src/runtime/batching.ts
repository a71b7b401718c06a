// Exact batching of variable-length rows for the infer graph. A row's logits must not depend on what else is in
// its batch. Attention is causal and masked, and raw / softmoe_v1 (token-wise) and softmoe_causal (prefix sums)
// FFNs only read positions ≤ t, so right-padding is exact for them. Steel's softmoe_v2/v3 dispatch softmax runs
// over ALL tokens of a row with no mask (modeling_steel.py): a pad token changes every position's output, so those
// rows batch only with rows of the same length.
import type { FfnType } from '@steel/moe-model';
import { EvaluatorError } from '../errors.js';

/** FFN types whose output at position t depends only on positions ≤ t (so right padding cannot leak in). */
export function isTokenCausal(ffn: FfnType): boolean {
  return ffn === 'raw' || ffn === 'softmoe_v1' || ffn === 'softmoe_causal';
}

export interface BatchPlanOptions {
  ffnType: FfnType;
  /** Rows per batch at most (default 8). */
  batchSize?: number;
  /** Logits width V, for the memory cap below. */
  vocab: number;
  /** Cap on one batch's logits, B · T · V · 4 bytes (default 256 MiB); a lone row may exceed it. */
  maxLogitsBytes?: number;
}

export interface PlannedBatch {
  /** Indices into the input list, longest row first. */
  rows: number[];
  /** Padded length T of the batch (its longest row). */
  length: number;
}

/**
 * Group rows of the given lengths into batches that give each row exactly the logits it gets alone:
 * right-padded batches (sorted by length) for token-causal FFNs, equal-length groups for softmoe_v2/v3.
 * @example planBatches([5, 3, 5], { ffnType: 'softmoe_v3', vocab: 512 }) // [{rows:[0,2],length:5},{rows:[1],length:3}]
 */
export function planBatches(lengths: readonly number[], opts: BatchPlanOptions): PlannedBatch[] {
  const batchSize = opts.batchSize ?? 8;
  const maxBytes = opts.maxLogitsBytes ?? 256 * 2 ** 20;
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new EvaluatorError('EVAL_BAD_ARGUMENT', `batchSize must be a positive integer, got ${batchSize}`, {
      field: 'batchSize',
      found: String(batchSize),
    });
  const bad = lengths.findIndex((n) => !Number.isInteger(n) || n < 1);
  if (bad >= 0)
    throw new EvaluatorError(
      'EVAL_BAD_ARGUMENT',
      `row ${bad} has length ${lengths[bad]}; rows need ≥ 1 token`,
      {
        field: `rows[${bad}]`,
        found: String(lengths[bad]),
      },
    );
  // stable: longest first, then input order
  const order = lengths.map((_, i) => i).sort((a, b) => lengths[b]! - lengths[a]! || a - b);
  const padded = isTokenCausal(opts.ffnType);
  const out: PlannedBatch[] = [];
  let cur: PlannedBatch | undefined;
  for (const i of order) {
    const n = lengths[i]!;
    const fits =
      cur !== undefined &&
      cur.rows.length < batchSize &&
      (padded || cur.length === n) &&
      (cur.rows.length + 1) * cur.length * opts.vocab * 4 <= maxBytes;
    if (fits) cur!.rows.push(i);
    else {
      cur = { rows: [i], length: n };
      out.push(cur);
    }
  }
  return out;
}
