// Tests of model-source.ts: presets, a config.json or an HF folder holding one, model.init's weights as float32,
// and clear TRAINER_BAD_CONFIG errors for an unknown preset, a missing or non-JSON config.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildLayout, getPreset, initParams, tensorsFromParams, writeHfFolder } from '@steel/moe-model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTrainerError } from './errors.js';
import { resolveModel, resolveModelConfig } from './model-source.js';

const micro = getPreset('steel-micro');
let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'steel-model-source-'));
  const layout = buildLayout(micro);
  await writeHfFolder(join(dir, 'hf'), {
    config: micro,
    tensors: tensorsFromParams(layout, initParams(layout, 4)),
  });
  await writeFile(join(dir, 'bad.json'), '{ nope');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('resolveModel', () => {
  it('preset, config.json / HF folder, and init weights', async () => {
    expect(await resolveModelConfig({ preset: 'steel-micro' })).toEqual(micro);
    expect(await resolveModelConfig({ config: join(dir, 'hf') })).toEqual(micro);
    expect(await resolveModelConfig({ config: join(dir, 'hf', 'config.json') })).toEqual(micro);
    const m = await resolveModel({ init: join(dir, 'hf') });
    const want = initParams(buildLayout(micro), 4) as Map<string, Float32Array>;
    expect(m.config).toEqual(micro);
    for (const [n, p] of want) expect(m.init!.get(n)).toEqual(p);
    expect((await resolveModel({ preset: 'steel-micro' })).init).toBeUndefined();
  });

  it.each([
    [{ preset: 'steel-9000' }, /model.preset: unknown preset "steel-9000" \(one of .*steel-tiny/],
    [{ config: 'nowhere.json' }, /nowhere.json: cannot read the model config/],
    [{ config: 'bad.json' }, /bad.json: not JSON/],
  ])('%o is TRAINER_BAD_CONFIG', async (model, msg) => {
    const m = 'config' in model ? { config: join(dir, model.config) } : model;
    const e = await resolveModelConfig(m).catch((x: unknown) => x);
    expect(isTrainerError(e, 'TRAINER_BAD_CONFIG')).toBe(true);
    expect((e as Error).message).toMatch(msg);
  });
});
