// Usage text and the usage error of steel-pretrain (exit code 2).
export const USAGE = `usage:
  steel-pretrain [train] --config <run.yaml|run.json> [--resume latest|<dir>] [--add-data <dir>]... [--init <hf-dir>]
                 [--device cpu|cuda|webgpu] [--threads N] [--max-steps N]
  steel-pretrain plot <run_dir>              (re)write run_dir/report.svg and report.html from metrics.jsonl
  steel-pretrain demo [--data <steel-data demo dir>] [--out <dir>] [--steps N] [--threads N]
exit codes: 0 done, 1 bad data/checkpoint/provider, 2 bad usage or config, 3 unexpected,
            130 / 143 stopped by SIGINT / SIGTERM after writing a checkpoint`;

export class UsageError extends Error {}

export function intFlag(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < 1)
    throw new UsageError(`--${name} must be a positive integer (got ${JSON.stringify(v)})`);
  return Number(v);
}
