// Log-softmax pieces over one logits row of width V, in float64: logsumexp, the log-probability of a token and
// the argmax (first maximum, as torch.argmax; lm-evaluation-harness's `greedy` compares it to the target).

/** log Σ_v exp(x[off + v]) over v < V. */
export function logSumExp(x: ArrayLike<number>, off: number, V: number): number {
  let m = Number.NEGATIVE_INFINITY;
  for (let v = 0; v < V; v++) if (x[off + v]! > m) m = x[off + v]!;
  if (m === Number.NEGATIVE_INFINITY) return m;
  let s = 0;
  for (let v = 0; v < V; v++) s += Math.exp(x[off + v]! - m);
  return m + Math.log(s);
}

/** Index of the first maximum of x[off … off + V). */
export function argmax(x: ArrayLike<number>, off: number, V: number): number {
  let best = 0;
  for (let v = 1; v < V; v++) if (x[off + v]! > x[off + best]!) best = v;
  return best;
}

/** The log-softmax of row x[off … off + V) as a fresh Float64Array. */
export function logSoftmax(x: ArrayLike<number>, off: number, V: number): Float64Array {
  const lse = logSumExp(x, off, V);
  const out = new Float64Array(V);
  for (let v = 0; v < V; v++) out[v] = x[off + v]! - lse;
  return out;
}
