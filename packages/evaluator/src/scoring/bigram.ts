// Weights that turn a real Steel model (ONNX, any FFN type) into a controlled bigram model: every layer's weights
// are zero, so attention and FFN add nothing and the residual stream is the token embedding; each conditioning
// token t_k gets embedding e_k, the final RMSNorm maps it to s·e_k with s = 1/√(1/H + ε), and lm_head column k
// holds logit/s. The next-token logits after token t_k are then exactly the table's row (0 elsewhere), and after
// any other token all 0 (its embedding is 0, RMSNorm keeps it 0).
import { buildLayout, type SteelConfig } from '@steel/moe-model';
import { EvaluatorError } from '../errors.js';

/** prev token id → (next token id → logit). */
export type BigramTable = ReadonlyMap<number, ReadonlyMap<number, number>>;

/**
 * Parameters of `config` realising `table` (at most hidden_size conditioning tokens).
 * @example const m = await createLoadedModel(config, bigramWeights(config, new Map([[32, new Map([[65, 3]])]])), tok);
 */
export function bigramWeights(config: SteelConfig, table: BigramTable): Map<string, Float32Array> {
  const layout = buildLayout(config);
  const H = config.hidden_size;
  const V = config.vocab_size;
  if (table.size > H) {
    throw new EvaluatorError(
      'EVAL_BAD_ARGUMENT',
      `bigram table conditions on ${table.size} tokens; hidden_size is ${H}`,
      {
        expected: `≤ ${H}`,
        found: String(table.size),
      },
    );
  }
  const params = new Map<string, Float32Array>();
  for (const p of layout.params) {
    const n = p.shape.reduce((a, b) => a * b, 1);
    // Norm weights stay 1 (a zero residual stays zero through them); everything else starts at 0.
    params.set(p.name, new Float32Array(n).fill(p.init.kind === 'ones' ? 1 : 0));
  }
  const embed = params.get('model.embed_tokens.weight') as Float32Array; // [V, H]
  const head = params.get('lm_head.weight') as Float32Array; // [V, H]
  const s = 1 / Math.sqrt(1 / H + config.rms_norm_eps);
  let k = 0;
  for (const [prev, row] of table) {
    embed[prev * H + k] = 1;
    for (const [next, logit] of row) {
      if (next < 0 || next >= V || prev < 0 || prev >= V) {
        throw new EvaluatorError(
          'EVAL_BAD_ARGUMENT',
          `bigram ${prev} → ${next} is outside the vocabulary of ${V}`,
          {
            expected: `ids < ${V}`,
            found: `${prev} → ${next}`,
          },
        );
      }
      head[next * H + k] = logit / s;
    }
    k++;
  }
  return params;
}
