// Optional download of the benchmark data from the HF hub into `--data-dir`, in the official layout: the archives
// the C-Eval and CMMLU READMEs point at (`ceval/ceval-exam` ceval-exam.zip, `haonan-li/cmmlu` cmmlu_v1_0_1.zip),
// fetched from `{endpoint}/datasets/{repo}/resolve/{revision}/{file}` and unpacked (CSV files under the split
// folders only, atomically). The data is CC BY-NC-SA 4.0: fetched by the user, never bundled. `fetch` is injectable.
import { join } from 'node:path';
import type { BenchmarkName } from './benchmarks/suite.js';
import { getSuite } from './benchmarks/suite.js';
import { EvaluatorError } from './errors.js';
import { writeFileAtomic } from './fs-atomic.js';
import { readZip } from './zip.js';

/** The hub dataset and archive of each downloadable benchmark. */
export const HUB_ARCHIVES: Readonly<Partial<Record<BenchmarkName, { repo: string; file: string }>>> = {
  ceval: { repo: 'ceval/ceval-exam', file: 'ceval-exam.zip' },
  cmmlu: { repo: 'haonan-li/cmmlu', file: 'cmmlu_v1_0_1.zip' },
};

export interface DownloadOptions {
  /** Default https://huggingface.co (the app passes $HF_ENDPOINT when set). */
  endpoint?: string;
  revision?: string;
  /** Sent as `Authorization: Bearer …` when given. */
  token?: string;
  fetch?: typeof globalThis.fetch;
}

export interface DownloadResult {
  url: string;
  bytes: number;
  /** Paths written, relative to dataDir (`val/logic_val.csv`). */
  files: string[];
}

/**
 * Downloads and unpacks a benchmark into `dataDir`.
 * @example await downloadBenchmark('ceval', 'data/ceval'); // data/ceval/{dev,val,test}/*.csv
 */
export async function downloadBenchmark(
  benchmark: BenchmarkName,
  dataDir: string,
  o: DownloadOptions = {},
): Promise<DownloadResult> {
  const suite = getSuite(benchmark);
  const hub = HUB_ARCHIVES[benchmark];
  if (hub === undefined) {
    throw new EvaluatorError(
      'EVAL_BAD_OPTIONS',
      `no hub download for ${suite.title}; unpack the official data.tar (hendrycks/test) into the data dir`,
      { field: 'download', expected: Object.keys(HUB_ARCHIVES).join('|'), found: benchmark },
    );
  }
  const endpoint = (o.endpoint ?? 'https://huggingface.co').replace(/\/+$/, '');
  const url = `${endpoint}/datasets/${hub.repo}/resolve/${o.revision ?? 'main'}/${hub.file}`;
  const doFetch = o.fetch ?? globalThis.fetch;
  let res: Response;
  try {
    res = await doFetch(url, {
      headers: o.token ? { authorization: `Bearer ${o.token}` } : {},
      redirect: 'follow',
    });
  } catch (e) {
    throw new EvaluatorError(
      'EVAL_DOWNLOAD',
      `${url}: download failed: ${(e as Error).message}`,
      { file: url, expected: 'HTTP 200', found: (e as Error).message },
      { cause: e },
    );
  }
  if (!res.ok) {
    throw new EvaluatorError('EVAL_DOWNLOAD', `${url}: HTTP ${res.status} ${res.statusText}`.trim(), {
      file: url,
      expected: 'HTTP 200',
      found: String(res.status),
    });
  }
  const bytes = new Uint8Array(await res.arrayBuffer());
  const files: string[] = [];
  for (const entry of readZip(bytes, url)) {
    // Keep `…/{split}/{name}.csv`, whatever folder the archive wraps them in.
    const parts = entry.name.split('/');
    const split = parts[parts.length - 2];
    const name = parts[parts.length - 1] ?? '';
    if (split === undefined || !suite.splits.includes(split) || !name.endsWith('.csv')) continue;
    if (name.startsWith('.') || name.includes('\\')) continue;
    const rel = `${split}/${name}`;
    await writeFileAtomic(join(dataDir, split, name), entry.data);
    files.push(rel);
  }
  if (files.length === 0) {
    throw new EvaluatorError(
      'EVAL_DOWNLOAD',
      `${url}: the archive has no ${suite.splits.map((s) => `${s}/*.csv`).join(', ')} files`,
      { file: url, expected: 'split folders of CSV files', found: 'none' },
    );
  }
  return { url, bytes: bytes.length, files: files.sort() };
}
