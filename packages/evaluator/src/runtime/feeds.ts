// Feed builders for the infer graph (packages/moe-model/src/graphs/infer.ts): int64 ids / mask / positions and
// the empty state of a fresh sequence (past_key_values with past length 0; softmoe_causal's zero running sums).
import type { HostTensor, ModelDims } from '@steel/moe-model';

/** An int64 host tensor from JS numbers. */
export function int64(values: ArrayLike<number>, dims: number[]): HostTensor {
  const data = new BigInt64Array(values.length);
  for (let i = 0; i < values.length; i++) data[i] = BigInt(values[i]!);
  return { type: 'int64', data, dims };
}

/** Per layer: empty KV cache [B, Hkv, 0, D], and for softmoe_causal zero sums num [B, S, C], den [B, S]. */
export function emptyState(d: ModelDims, batch: number): Record<string, HostTensor> {
  const state: Record<string, HostTensor> = {};
  for (let i = 0; i < d.layers; i++) {
    for (const kv of ['key', 'value'])
      state[`past_key_values.${i}.${kv}`] = {
        type: 'float32',
        data: new Float32Array(0),
        dims: [batch, d.kvHeads, 0, d.headDim],
      };
    if (d.ffnType === 'softmoe_causal') {
      state[`past_moe.${i}.num`] = {
        type: 'float32',
        data: new Float32Array(batch * d.slots * d.hidden),
        dims: [batch, d.slots, d.hidden],
      };
      state[`past_moe.${i}.den`] = {
        type: 'float32',
        data: new Float32Array(batch * d.slots),
        dims: [batch, d.slots],
      };
    }
  }
  return state;
}

/** The graph's `present.*` / `present_moe.*` outputs renamed as the next call's `past_*` inputs. */
export function nextState(outputs: Readonly<Record<string, HostTensor>>): Record<string, HostTensor> {
  const state: Record<string, HostTensor> = {};
  for (const [name, t] of Object.entries(outputs)) {
    if (name.startsWith('present.')) state[`past_key_values.${name.slice('present.'.length)}`] = t;
    else if (name.startsWith('present_moe.')) state[`past_moe.${name.slice('present_moe.'.length)}`] = t;
  }
  return state;
}

/**
 * Feeds of one call: `rows` [B, T] of new tokens after `past` cached positions; `mask` [B, past + T] (1 = real,
 * default all ones); positions past … past + T − 1 for every row.
 */
export function stepFeeds(
  rows: readonly (readonly number[])[],
  past: number,
  mask?: readonly (readonly number[])[],
): Record<string, HostTensor> {
  const B = rows.length;
  const T = rows[0]?.length ?? 0;
  const ids: number[] = [];
  const pos: number[] = [];
  for (const r of rows)
    for (let t = 0; t < T; t++) {
      ids.push(r[t]!);
      pos.push(past + t);
    }
  const m = mask ? mask.flat() : new Array<number>(B * (past + T)).fill(1);
  return {
    input_ids: int64(ids, [B, T]),
    attention_mask: int64(m, [B, past + T]),
    position_ids: int64(pos, [B, T]),
  };
}
