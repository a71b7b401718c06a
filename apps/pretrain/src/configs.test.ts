// The shipped run configs parse and say what they claim: configs/steel-1b.yaml is Steel's real run (preset,
// Qwen pad, batch/accum, optimizer, schedule), configs/demo.yaml points at the folders `npm start` writes.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { getPreset } from '@steel/moe-model';
import { readTrainConfig } from '@steel/trainer';
import { describe, expect, it } from 'vitest';

const configs = resolve(import.meta.dirname, '../configs');
const repo = resolve(import.meta.dirname, '../../..');

describe('shipped configs', () => {
  it("steel-1b.yaml is Steel's pretraining run", async () => {
    const c = await readTrainConfig(resolve(configs, 'steel-1b.yaml'));
    expect(c.model).toEqual({ preset: 'steel-1b' });
    expect(getPreset(c.model.preset!).vocab_size).toBeGreaterThan(c.data.ignore_index);
    expect(c.data).toMatchObject({
      block_size: 2048,
      micro_batch_size: 8,
      grad_accum: 8,
      ignore_index: 151643,
    });
    expect(c.optim).toMatchObject({
      lr: 3e-4,
      min_lr: 0,
      warmup_steps: 1000,
      max_steps: 1080000,
      beta1: 0.9,
      beta2: 0.95,
      eps: 1e-8,
      weight_decay: 0.05,
      grad_clip: 1,
      decay: 'all',
    });
    expect(c.data.train).toEqual([{ path: resolve(configs, 'data/packed/train'), weight: 1 }]);
    // the documented 8-GPU scale: 8 ranks × micro-batch × accum × block = 2^20 tokens per step
    const text = await readFile(resolve(configs, 'steel-1b.yaml'), 'utf8');
    expect(8 * c.data.micro_batch_size * c.data.grad_accum * c.data.block_size).toBe(1_048_576);
    expect(text).toContain('1,048,576 tokens');
  });

  it("demo.yaml reads the packs and writes the run dir of npm start's out/demo", async () => {
    const c = await readTrainConfig(resolve(configs, 'demo.yaml'));
    expect(c.model).toEqual({ preset: 'steel-tiny' });
    expect(c.data.train).toEqual([{ path: resolve(repo, 'out/demo/packed'), weight: 1 }]);
    expect(c.data.val).toBe(resolve(repo, 'out/demo/packed-val'));
    expect(c.run.out_dir).toBe(resolve(repo, 'out/demo/train/run'));
    expect(c.data).toMatchObject({ block_size: 256, ignore_index: 256 });
  });
});
