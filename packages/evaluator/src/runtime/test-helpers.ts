// Test-only helpers (excluded from the published files): tiny Steel models with the byte tokenizer, in memory
// or written as a model folder (HF config.json + model.safetensors + steel-tokenizer.json).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createByteTokenizer } from '@steel/binpack';
import {
  buildLayout,
  type FfnType,
  getPreset,
  initParams,
  type SteelConfig,
  tensorsFromParams,
  writeHfFolder,
} from '@steel/moe-model';
import { createLoadedModel, type LoadedModel } from './model.js';

/** steel-tiny (vocab 512 ≥ the byte tokenizer's 259) with the given FFN; weights ×`gain` so outputs vary. */
export function tinyWeights(ffn: FfnType = 'softmoe_v3', seed = 7, gain = 8) {
  const config: SteelConfig = getPreset('steel-tiny', { FFN_type: ffn });
  const layout = buildLayout(config);
  const params = initParams(layout, seed, 'float32');
  for (const p of layout.params)
    if (p.init.kind === 'normal') {
      const v = params.get(p.name)!;
      for (let i = 0; i < v.length; i++) v[i]! *= gain;
    }
  return { config, layout, params };
}

/** An in-memory tiny model (CPU, one thread). */
export async function tinyModel(ffn: FfnType = 'softmoe_v3', seed = 7): Promise<LoadedModel> {
  const { config, params } = tinyWeights(ffn, seed);
  return createLoadedModel(config, params, await createByteTokenizer());
}

/** Write a tiny model folder the way checkpoints carry the byte tokenizer; returns `dir`. */
export async function writeTinyFolder(dir: string, ffn: FfnType = 'softmoe_v3', seed = 7): Promise<string> {
  const { config, layout, params } = tinyWeights(ffn, seed);
  await writeHfFolder(dir, { config, tensors: tensorsFromParams(layout, params) });
  await writeFile(
    join(dir, 'steel-tokenizer.json'),
    `${JSON.stringify({ kind: 'byte', specials: ['<|endoftext|>', '<|im_start|>', '<|im_end|>'] })}\n`,
  );
  return dir;
}
