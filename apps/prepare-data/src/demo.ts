// `steel-data demo` (what `npm start` runs): the data pipeline end to end on an embedded synthetic corpus,
// offline, in well under a minute on 2 cores — step 1 convert every source, step 2 clean with Steel's text
// recipe (adapted, see demo-recipe.ts), step 3 hold out every 10th clean document, pack the train and val
// splits with the built-in byte tokenizer (packed/, packed-val/) and read batches back.
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { PackedDataset, pack } from '@steel/binpack';
import { convert, formatStatsTable, writeFileAtomic } from '@steel/data-format';
import { formatRunSummary, loadRecipe, runRecipe, trainNgramArpa } from '@steel/juicer-ops';
import { writeDemoCorpus } from './demo-corpus.js';
import { demoRecipeYaml } from './demo-recipe.js';

async function* textsOf(files: string[]): AsyncGenerator<string> {
  for (const f of files) {
    for (const line of (await readFile(f, 'utf8')).split('\n'))
      if (line) yield (JSON.parse(line) as { text: string }).text;
  }
}

/** Every VAL_EVERY-th clean document goes to the validation split. */
const VAL_EVERY = 10;

export async function runDemo(outDir: string, log: (line: string) => void): Promise<number> {
  const root = resolve(outDir);
  const corpus = await writeDemoCorpus(join(root, 'raw'));
  log(`step 0: demo corpus written to ${corpus.root}`);

  // Step 1: raw corpora → {text} JSONL, one file per source.
  let fileErrors = 0;
  const report: Record<string, unknown> = {};
  const textFiles: string[] = [];
  for (const [source, input] of Object.entries(corpus.inputs)) {
    const output = join(root, 'text', `${source}.jsonl`);
    const { stats } = await convert({ source, input, output, keepMeta: true });
    fileErrors += stats.totals.fileErrors;
    report[source] = stats;
    textFiles.push(output);
    log('');
    log(formatStatsTable(stats));
  }
  await writeFileAtomic(join(root, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);

  // Step 2: clean. perplexity_filter needs a model: a character 3-gram of the step-1 text.
  const lmPath = join(root, 'lm', 'demo-3gram.arpa');
  await writeFileAtomic(lmPath, await trainNgramArpa(textsOf(textFiles), { order: 3, tokenize: 'chars' }));
  const recipePath = join(root, 'recipe.yaml');
  const cleanPath = join(root, 'clean', 'clean.jsonl');
  await writeFile(recipePath, demoRecipeYaml({ input: join(root, 'text'), exportPath: cleanPath, lmPath }));
  const recipe = await loadRecipe(recipePath);
  for (const w of recipe.warnings) log(`warning: ${w}`);
  const summary = await runRecipe(recipe);
  log('');
  log(`step 2: ${recipePath}`);
  log(formatRunSummary(summary));

  // Step 3: hold out every VAL_EVERY-th clean document for validation, tokenize + pack both splits (built-in
  // byte-level tokenizer: no download), then read shuffled batches back.
  const docs = (await readFile(cleanPath, 'utf8')).split('\n').filter((l) => l.length > 0);
  const trainPath = join(root, 'split', 'train.jsonl');
  const valPath = join(root, 'split', 'val.jsonl');
  const lines = (keep: (i: number) => boolean) => `${docs.filter((_, i) => keep(i)).join('\n')}\n`;
  await writeFileAtomic(
    trainPath,
    lines((i) => i % VAL_EVERY !== VAL_EVERY - 1),
  );
  await writeFileAtomic(
    valPath,
    lines((i) => i % VAL_EVERY === VAL_EVERY - 1),
  );
  const packDir = join(root, 'packed');
  const valDir = join(root, 'packed-val');
  const settings = { tokenizer: 'byte', prefix: 'demo', blockSize: 256, blocksPerChunk: 64 } as const;
  const packed = await pack({ ...settings, input: trainPath, output: packDir });
  const packedVal = await pack({ ...settings, input: valPath, output: valDir, prefix: 'demo-val' });
  const ds = await PackedDataset.open({ paths: packDir, seed: 42 });
  const batches = ds.batches({ batchSize: 4 });
  const first = await batches.next();
  const state = ds.state();
  const second = await batches.next();
  await ds.close();
  const resumed = await PackedDataset.restore(state);
  const again = await resumed.batches({ batchSize: 4 }).next();
  await resumed.close();
  const same =
    second.value !== undefined &&
    again.value !== undefined &&
    Buffer.from(second.value.buffer).equals(Buffer.from(again.value.buffer));
  log('');
  const totals = (p: typeof packed) =>
    `${p.manifest.totals.tokens.toLocaleString('en')} tokens from ${p.manifest.totals.documents.toLocaleString('en')} documents`;
  log(`step 3: ${packed.files.length} LITPKDS file(s) in ${packDir}, ${totals(packed)} (train)`);
  log(`        ${packedVal.files.length} LITPKDS file(s) in ${valDir}, ${totals(packedVal)} (held-out val)`);
  log(
    `        first batch Int32Array[4 × ${(first.value?.length ?? 0) / 4}]; state() is ${JSON.stringify(state).length} bytes; restore → next batch ${same ? 'identical' : 'DIFFERENT'}`,
  );
  return fileErrors || !same ? 1 : 0;
}
