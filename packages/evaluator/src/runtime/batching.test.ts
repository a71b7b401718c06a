// Tests of batching.ts — exact batching: right padding for token-causal FFNs, equal-length groups for softmoe_v2/v3.
import { describe, expect, it } from 'vitest';
import { isTokenCausal, planBatches } from './batching.js';

describe('planBatches', () => {
  it.each([
    [
      'softmoe_v3 groups equal lengths',
      'softmoe_v3',
      [5, 3, 5, 3, 4],
      8,
      [
        [[0, 2], 5],
        [[4], 4],
        [[1, 3], 3],
      ],
    ],
    ['raw pads to the longest, longest first', 'raw', [5, 3, 5, 3, 4], 8, [[[0, 2, 4, 1, 3], 5]]],
    [
      'batchSize caps rows',
      'softmoe_causal',
      [2, 2, 2],
      2,
      [
        [[0, 1], 2],
        [[2], 2],
      ],
    ],
    [
      'softmoe_v2 like v3',
      'softmoe_v2',
      [1, 2],
      8,
      [
        [[1], 2],
        [[0], 1],
      ],
    ],
  ] as const)('%s', (_n, ffnType, lengths, batchSize, want) => {
    const plan = planBatches(lengths, { ffnType, vocab: 10, batchSize });
    expect(plan.map((b) => [b.rows, b.length])).toEqual(want);
  });

  it('caps the logits bytes of a batch (a lone row may exceed it)', () => {
    const plan = planBatches([4, 4, 4], { ffnType: 'raw', vocab: 100, maxLogitsBytes: 2 * 4 * 100 * 4 });
    expect(plan.map((b) => b.rows)).toEqual([[0, 1], [2]]);
    expect(planBatches([50], { ffnType: 'raw', vocab: 100, maxLogitsBytes: 1 })).toHaveLength(1);
  });

  it('rejects empty rows and a bad batch size', () => {
    expect(() => planBatches([3, 0], { ffnType: 'raw', vocab: 10 })).toThrow(/row 1 has length 0/);
    expect(() => planBatches([3], { ffnType: 'raw', vocab: 10, batchSize: 0 })).toThrow(/batchSize/);
  });

  it.each([
    ['raw', true],
    ['softmoe_v1', true],
    ['softmoe_causal', true],
    ['softmoe_v2', false],
    ['softmoe_v3', false],
  ] as const)('isTokenCausal(%s) = %s', (f, want) => {
    expect(isTokenCausal(f)).toBe(want);
  });
});
