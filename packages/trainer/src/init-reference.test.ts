// The "done when": three optimizer steps from a model.init HF folder (the path --init takes) with
// shuffle false equal the PyTorch reference (test/trainer_ref.py → test/fixtures/trainer-golden.json): the golden
// rows written in order into a LITPKDS file, the reference's initial params as an HF folder, a YAML run config.
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeHeader, LITPKDS_VERSION } from '@steel/binpack';
import { buildLayout, parseSteelConfig, tensorsFromParams, writeHfFolder } from '@steel/moe-model';
import { describe, expect, it } from 'vitest';
import { parseTrainConfigText } from './config-file.js';
import { Trainer } from './trainer.js';

interface Golden {
  config: unknown;
  B: number;
  T: number;
  accum: number;
  ignore: number;
  schedule: { lr: number; minLr: number; warmupSteps: number; decaySteps: number };
  rows: number[][][];
  losses: number[];
  norms: number[];
  params: Record<string, number[]>;
}
const g = JSON.parse(
  readFileSync(new URL('../test/fixtures/trainer-golden.json', import.meta.url), 'utf8'),
) as Golden;

/** steel_ref.py `param_values` (as in reference.test.ts). */
function refParam(name: string, numel: number): Float32Array {
  let h = 0;
  for (const ch of name) h += ch.charCodeAt(0);
  h %= 97;
  const one = name.endsWith('layernorm.weight') || name === 'model.norm.weight' || name.endsWith('.scale');
  return Float32Array.from({ length: numel }, (_, i) => {
    const s = Math.sin(0.7 * i + 0.3 * h);
    return one ? 1 + 0.2 * s : 0.5 * s;
  });
}

describe('Trainer from model.init vs the PyTorch reference', () => {
  it('3 steps, shuffle false: losses, grad norms and parameter updates within 1e-3', async () => {
    const root = await mkdtemp(join(tmpdir(), 'steel-init-ref-'));
    const model = parseSteelConfig(g.config, 'trainer-golden.json');
    const layout = buildLayout(model);
    const init = new Map(layout.params.map((p) => [p.name, refParam(p.name, p.numel)]));
    await writeHfFolder(join(root, 'hf'), { config: model, tensors: tensorsFromParams(layout, init) });
    // micro-batch k of step s = golden rows[s·accum + k] (B rows of T+1): consecutive blocks in file order
    const tokens = Int32Array.from(g.rows.flat(2));
    await mkdir(join(root, 'data'));
    const header = encodeHeader({ version: LITPKDS_VERSION, dtype: 'int32', chunkSize: tokens.length });
    await writeFile(join(root, 'data', 'golden.bin'), Buffer.concat([header, Buffer.from(tokens.buffer)]));
    const yaml = `model: { init: hf }
data:
  train: [{ path: data/golden.bin, weight: 1 }]
  block_size: ${g.T}
  micro_batch_size: ${g.B}
  grad_accum: ${g.accum}
  shuffle: false
  ignore_index: ${g.ignore}
optim: { lr: ${g.schedule.lr}, min_lr: ${g.schedule.minLr}, warmup_steps: ${g.schedule.warmupSteps},
         max_steps: ${g.schedule.decaySteps}, beta1: 0.9, beta2: 0.95, eps: 1.0e-8, weight_decay: 0.05, grad_clip: 1.0 }
run: { out_dir: out, save_every: 100, max_steps: 3, threads: 1 }
`;
    const config = parseTrainConfigText(yaml, join(root, 'run.yaml'));
    const t = await Trainer.open(config);
    for (let s = 0; s < 3; s++) {
      const r = await t.next();
      expect(Math.abs(r.loss - g.losses[s]!) / g.losses[s]!).toBeLessThan(1e-5);
      expect(Math.abs(r.gradNorm - g.norms[s]!) / g.norms[s]!).toBeLessThan(1e-4);
    }
    let worst = 0;
    for (const p of layout.params) {
      const got = t.params.get(p.name)!;
      const ref = g.params[p.name]!;
      const p0 = init.get(p.name)!;
      let d = 0;
      let s = 0;
      for (let i = 0; i < p.numel; i++) {
        d = Math.max(d, Math.abs(got[i]! - p0[i]! - (ref[i]! - p0[i]!)));
        s = Math.max(s, Math.abs(ref[i]! - p0[i]!));
      }
      worst = Math.max(worst, d / s);
    }
    expect(worst).toBeLessThan(1e-3);
    await t.close();
    await rm(root, { recursive: true, force: true });
  });
});
