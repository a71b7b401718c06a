// The model a run config names: `preset` (moe-model presets), `config` (a config.json or an HF folder holding
// one) or `init` (an HF folder: its config.json and its weights, as float32 starting parameters).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  buildLayout,
  getPreset,
  PRESET_NAMES,
  type PresetName,
  paramsFromTensors,
  parseSteelConfig,
  readHfFolder,
  type SteelConfig,
} from '@steel/moe-model';
import type { TrainConfig } from './config.js';
import { TrainerError } from './errors.js';

export interface ResolvedModel {
  config: SteelConfig;
  /** Starting weights (model.init); absent → Steel's init with run.init_seed. */
  init?: Map<string, Float32Array>;
  /** What it came from, for logs: `preset steel-tiny`, a config path or an init folder. */
  source: string;
}

async function readConfigJson(p: string): Promise<SteelConfig> {
  const file = existsSync(join(p, 'config.json')) ? join(p, 'config.json') : p;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new TrainerError(
      'TRAINER_BAD_CONFIG',
      `${file}: cannot read the model config (${(e as Error).message})`,
      {
        file,
        field: 'model',
      },
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new TrainerError('TRAINER_BAD_CONFIG', `${file}: not JSON (${(e as Error).message})`, {
      file,
      field: 'model',
    });
  }
  return parseSteelConfig(raw, file);
}

/** The model config only (no weights read): what resume needs to check a checkpoint against. */
export async function resolveModelConfig(model: TrainConfig['model']): Promise<SteelConfig> {
  if (model.preset !== undefined) {
    if (!PRESET_NAMES.includes(model.preset as PresetName))
      throw new TrainerError(
        'TRAINER_BAD_CONFIG',
        `model.preset: unknown preset ${JSON.stringify(model.preset)} (one of ${PRESET_NAMES.join(', ')})`,
        { field: 'model.preset', expected: PRESET_NAMES.join('|'), found: model.preset },
      );
    return getPreset(model.preset as PresetName);
  }
  return readConfigJson((model.init ?? model.config)!);
}

/**
 * The model config and, for `model.init`, the HF folder's weights as float32 (fresh optimizer state is the
 * caller's business).
 * @example const { config, init } = await resolveModel({ init: 'steel-1b-hf/' })
 */
export async function resolveModel(model: TrainConfig['model']): Promise<ResolvedModel> {
  if (model.init === undefined)
    return {
      config: await resolveModelConfig(model),
      source: model.preset !== undefined ? `preset ${model.preset}` : model.config!,
    };
  const hf = await readHfFolder(model.init);
  const init = paramsFromTensors(buildLayout(hf.config), hf.tensors, 'float32') as Map<string, Float32Array>;
  return { config: hf.config, init, source: model.init };
}
