// Run-config validation: defaults are Steel's, cross-field rules and unknown keys are reported together, each
// with the offending value.
import { describe, expect, it } from 'vitest';
import { parseTrainConfig } from './config.js';
import { isTrainerError } from './errors.js';

const minimal = {
  model: { preset: 'steel-tiny' },
  data: { train: 'packed', block_size: 32, micro_batch_size: 2 },
  optim: { max_steps: 2000 },
  run: { out_dir: 'out' },
};

function problems(raw: unknown): string {
  try {
    parseTrainConfig(raw, 'train.json');
  } catch (e) {
    expect(isTrainerError(e, 'TRAINER_BAD_CONFIG')).toBe(true);
    return (e as Error).message;
  }
  throw new Error('expected a config error');
}

describe('parseTrainConfig', () => {
  it("fills Steel's defaults", () => {
    const c = parseTrainConfig(minimal);
    expect(c.optim).toMatchObject({ lr: 3e-4, min_lr: 0, warmup_steps: 1000, beta1: 0.9, beta2: 0.95 });
    expect(c.optim).toMatchObject({ eps: 1e-8, weight_decay: 0.05, grad_clip: 1, decay: 'all' });
    expect(c.data).toMatchObject({ grad_accum: 1, shuffle: true, ignore_index: 151643 });
    expect(c.run).toMatchObject({ device: 'cpu', threads: 1, keep_last: 3, eval_every: 1000, log_every: 20 });
    expect(c.run.peak_flops).toBeUndefined();
  });

  it('accepts data.train as a bare path or a weighted list, and model.init', () => {
    expect(parseTrainConfig(minimal).data.train).toEqual([{ path: 'packed', weight: 1 }]);
    const list = [
      { path: 'web', weight: 3 },
      { path: 'code', weight: 1 },
    ];
    expect(parseTrainConfig({ ...minimal, data: { ...minimal.data, train: list } }).data.train).toEqual(list);
    expect(parseTrainConfig({ ...minimal, model: { init: 'hf/' } }).model).toEqual({ init: 'hf/' });
    // the validated (output) form parses to itself: state.json stores it
    const c = parseTrainConfig(minimal);
    expect(parseTrainConfig(JSON.parse(JSON.stringify(c)))).toEqual(c);
  });

  it.each([
    [
      { optim: { max_steps: 10, warmup_steps: 10 } },
      /optim.max_steps: must be greater than warmup_steps \(max_steps 10, warmup_steps 10\)/,
    ],
    [
      { optim: { max_steps: 100, lr: 1e-4, min_lr: 1e-3 } },
      /optim.min_lr: must be ≤ lr \(min_lr 0.001, lr 0.0001\)/,
    ],
    [{ data: { ...minimal.data, block_size: 0 } }, /data.block_size: .*\(got 0\)/],
    [{ run: { out_dir: 'o', device: 'tpu' } }, /run.device: .*\(got "tpu"\)/],
    [{ run: { out_dir: 'o', thread: 2 } }, /Unrecognized key.*thread/],
    [
      { model: { preset: 'a', config: 'b' } },
      /model: give exactly one of model.init, model.preset or model.config/,
    ],
    [{ model: {} }, /model: give exactly one of model.init, model.preset or model.config/],
    [{ data: { ...minimal.data, train: [] } }, /data.train: .*>=1 items/],
    [{ data: { ...minimal.data, train: [{ path: 'a', weight: 0 }] } }, /data.train.0.weight: .*\(got 0\)/],
    [
      { data: { ...minimal.data, train: [{ path: 'a', wieght: 1 }] } },
      /data.train.0: Unrecognized key.*wieght/,
    ],
    [{ run: { out_dir: 'o', device: 'tpu' } }, /run.device: .*cpu.*cuda.*webgpu.*\(got "tpu"\)/],
  ])('%o is refused', (patch, msg) => {
    expect(problems({ ...minimal, ...patch })).toMatch(msg);
  });

  it('reports all problems at once', () => {
    const m = problems({
      ...minimal,
      data: { ...minimal.data, micro_batch_size: -1 },
      run: { out_dir: '', threads: 0 },
    });
    expect(m.split('; ')).toHaveLength(3);
  });
});
