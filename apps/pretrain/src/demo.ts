// `steel-pretrain demo` (step 4 of `npm start`): configs/demo.yaml pointed at the byte-tokenized train/val packs
// of `steel-data demo` (--data) or, without it, at packs of a generated corpus made here; trains steel-tiny with
// validation, checkpoints, metrics and the report, then prints where everything went.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pack, readManifest } from '@steel/binpack';
import {
  demoCorpus,
  formatTrainConfigYaml,
  LATEST_FILE,
  listCheckpoints,
  METRICS_CSV,
  METRICS_JSONL,
  parseTrainConfig,
  parseTrainConfigText,
  VAL_CSV,
} from '@steel/trainer';
import { runTraining } from './run.js';
import { UsageError } from './usage.js';

/** The shipped demo config (src/ and dist/ both sit beside configs/). */
export const DEMO_CONFIG = fileURLToPath(new URL('../configs/demo.yaml', import.meta.url));

export interface DemoOptions {
  /** A `steel-data demo` output folder (packed/, packed-val/, raw/, text/, clean/). */
  data?: string;
  out: string;
  steps?: number;
  threads?: number;
}

/** Pack a generated corpus (every 10th document held out) when no `steel-data demo` output is given. */
async function ownPacks(root: string, blockSize: number): Promise<{ train: string; val: string }> {
  const docs = demoCorpus(800, 11);
  const write = async (name: string, keep: (i: number) => boolean) => {
    const file = join(root, name);
    const rows = docs.filter((_, i) => keep(i)).map((text) => JSON.stringify({ text }));
    await writeFile(file, `${rows.join('\n')}\n`);
    return file;
  };
  const common = {
    tokenizer: 'byte',
    blockSize,
    blocksPerChunk: 16,
    workers: 0,
    minLastChunkFill: 0,
  } as const;
  const train = join(root, 'packed');
  const val = join(root, 'packed-val');
  await pack({
    ...common,
    input: await write('train.jsonl', (i) => i % 10 !== 9),
    output: train,
    prefix: 'demo',
  });
  await pack({
    ...common,
    input: await write('val.jsonl', (i) => i % 10 === 9),
    output: val,
    prefix: 'demo-val',
  });
  return { train, val };
}

export async function runPretrainDemo(o: DemoOptions, out: (line: string) => void): Promise<number> {
  const t0 = performance.now();
  const root = resolve(o.out);
  await mkdir(root, { recursive: true });
  const template = parseTrainConfigText(await readFile(DEMO_CONFIG, 'utf8'), DEMO_CONFIG);
  const data = o.data === undefined ? undefined : resolve(o.data);
  let packs: { train: string; val: string };
  if (data) {
    packs = { train: join(data, 'packed'), val: join(data, 'packed-val') };
    for (const p of Object.values(packs))
      if (!(await readManifest(p).catch(() => undefined)))
        throw new UsageError(
          `--data ${data}: no pack at ${p} (run \`steel-data demo --out ${o.data}\` first)`,
        );
  } else packs = await ownPacks(root, template.data.block_size);
  const steps = o.steps ?? template.optim.max_steps;
  const run = template.run;
  const config = parseTrainConfig({
    ...template,
    data: { ...template.data, train: [{ path: packs.train, weight: 1 }], val: packs.val },
    optim: {
      ...template.optim,
      max_steps: steps,
      warmup_steps: Math.min(template.optim.warmup_steps, Math.floor(steps / 10)),
    },
    run: {
      ...run,
      out_dir: join(root, 'run'),
      threads: o.threads ?? run.threads,
      ...(o.steps !== undefined
        ? { save_every: Math.max(1, Math.floor(steps / 2)), eval_every: Math.max(1, Math.floor(steps / 4)) }
        : {}),
    },
  });
  const configPath = join(root, 'train.yaml');
  await writeFile(
    configPath,
    formatTrainConfigYaml(config, [
      `steel-pretrain demo's run: ${relative(process.cwd(), DEMO_CONFIG)}`,
      'with the demo folders',
    ]),
  );
  out(`config: ${configPath}`);
  const r = await runTraining(config, { out });
  const rel = (p: string) => {
    const r = relative(process.cwd(), p);
    return r === '' ? '.' : r.startsWith('..') ? p : r;
  };
  const runDir = config.run.out_dir;
  const cks = await listCheckpoints(runDir);
  const latest = join(runDir, (await readFile(join(runDir, LATEST_FILE), 'utf8')).trim());
  const first = r.firstVal;
  const lastVal = r.lastVal;
  out('');
  out(`demo finished in ${((performance.now() - t0) / 1000).toFixed(1)} s — where everything went:`);
  if (data) {
    for (const [what, p] of [
      ['raw corpus (step 0)', 'raw'],
      ['{text} JSONL (step 1)', 'text'],
      ['clean (step 2)', 'clean/clean.jsonl'],
      ['train / val split', 'split'],
    ] as const)
      if (existsSync(join(data, p))) out(`  ${what.padEnd(22)} ${rel(join(data, p))}`);
  }
  out(`  ${'packed train (step 3)'.padEnd(22)} ${rel(packs.train)}`);
  out(`  ${'packed val'.padEnd(22)} ${rel(packs.val)}`);
  out(`  ${'run config'.padEnd(22)} ${rel(configPath)}`);
  out(`  ${'run dir (step 4)'.padEnd(22)} ${rel(runDir)}`);
  out(`  ${'checkpoints'.padEnd(22)} ${cks.join(', ')} (latest → ${rel(latest)})`);
  out(
    `  ${'metrics'.padEnd(22)} ${[METRICS_JSONL, METRICS_CSV, VAL_CSV].map((f) => rel(join(runDir, f))).join(', ')}`,
  );
  if (r.report) out(`  ${'report'.padEnd(22)} ${rel(r.report.html)}, ${rel(r.report.svg)}`);
  if (first && lastVal)
    out(
      `  ${'validation'.padEnd(22)} val ppl ${first.val_ppl.toFixed(2)} → ${lastVal.val_ppl.toFixed(2)} ` +
        `(loss ${first.val_loss.toFixed(4)} → ${lastVal.val_loss.toFixed(4)}, step ${first.step} → ${lastVal.step}, ` +
        `${lastVal.tokens} held-out tokens)`,
    );
  out(`  ${'chat with it'.padEnd(22)} steel-chat --model ${rel(latest)} --prompt "小明发现了"`);
  out(`  ${'redraw the report'.padEnd(22)} steel-pretrain plot ${rel(runDir)}`);
  return r.code;
}
