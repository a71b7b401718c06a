// Usage text, the usage error (exit code 2) and flag parsers of steel-eval.
export const USAGE = `usage:
  steel-eval ceval|cmmlu|mmlu --model <hf-dir> --data-dir <dir> --protocol steel-chat|loglik|opencompass-5shot
             [--shots K] [--subjects a,b] [--split val|test|dev] [--out <dir>] [--limit N]
             [--scoring loglik|generate] [--delimiter " "] [--max-new-tokens N] [--system "..."]
             [--batch-size N] [--device cpu|cuda|webgpu] [--threads N] [--tokenizer <x>] [--download]
  steel-eval ppl --model <hf-dir> --data <packed dir|file.jsonl> [--block-size T] [--text-key text]
             [--max-rows N] [--batch-size N] [--out <file.json>] [--device ...] [--threads N] [--tokenizer <x>]
  steel-eval download ceval|cmmlu --data-dir <dir>
protocols: steel-chat = 0-shot chat template, greedy reply, answer extraction (macro);
           loglik = lm-eval log-likelihood of " A".." D" after 答案：, K-shot from dev (micro);
           opencompass-5shot = 5 dev shots, 答案: , next-token over A-D or --scoring generate (macro)
--download fetches the hub archive into --data-dir when a split folder is missing ($HF_ENDPOINT, $HF_TOKEN honoured)
exit codes: 0 done, 1 bad model/data, 2 bad usage, 3 unexpected`;

export class UsageError extends Error {}

export function intFlag(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < 1)
    throw new UsageError(`--${name} must be a positive integer (got ${JSON.stringify(v)})`);
  return Number(v);
}

/** --shots accepts 0. */
export function countFlag(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new UsageError(`--${name} must be an integer ≥ 0 (got ${JSON.stringify(v)})`);
  return Number(v);
}

export function oneOf<T extends string>(
  name: string,
  v: string | undefined,
  allowed: readonly T[],
): T | undefined {
  if (v === undefined) return undefined;
  if (!allowed.includes(v as T))
    throw new UsageError(`--${name} must be one of ${allowed.join('|')} (got ${JSON.stringify(v)})`);
  return v as T;
}
