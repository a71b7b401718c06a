// Tests of superstep.ts — one (or S) optimizer step(s) as one ONNX graph: I/O naming and shapes, deterministic
// bytes, no weights inside, S steps in one run == S one-step runs, option checks, and the ONNX checker.
// The step's numbers against the JS optimizer are @steel/trainer's superstep-session.test.ts.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildLayout, initParams } from '../layout.js';
import { writeModel } from '../onnx/external-data.js';
import { serializeModel } from '../onnx/serialize.js';
import { getPreset } from '../presets/index.js';
import { hasOnnxChecker, onnxCheck, ort, sameBytes, session } from '../test-helpers.js';
import { buildSuperstepGraph, SUPERSTEP_IO, type SuperstepGraphOptions } from './superstep.js';

const config = getPreset('steel-micro');
const layout = buildLayout(config);
const opts: SuperstepGraphOptions = {
  batch: 2,
  seq: 4,
  accum: 2,
  ignoreIndex: 31,
  adamw: { beta1: 0.9, beta2: 0.95, weightDecay: 0.1, noDecay: ['model.norm.weight'] },
  gradClip: 0.5,
};

/** Feeds for `steps` optimizer steps (S leading axis when `multi`), params from seed 1, zero moments. */
function feeds(steps: number, multi: boolean, stepT: number, lrs: number[], tokens: number[]) {
  const lead = multi ? [steps] : [];
  const n = steps * 2 * 2 * 4;
  const ids = BigInt64Array.from({ length: n }, (_, i) => BigInt(tokens[i]! % 32));
  const tgt = BigInt64Array.from({ length: n }, (_, i) => BigInt(tokens[i + 1]! % 32));
  const f: Record<string, ort.Tensor> = {
    input_ids: new ort.Tensor('int64', ids, [...lead, 2, 2, 4]),
    targets: new ort.Tensor('int64', tgt, [...lead, 2, 2, 4]),
    lr: new ort.Tensor('float32', Float32Array.from(lrs), lead),
    step: new ort.Tensor('int64', BigInt64Array.of(BigInt(stepT)), []),
  };
  const params = initParams(layout, 1) as Map<string, Float32Array>;
  for (const p of layout.params) {
    f[p.name] = new ort.Tensor('float32', params.get(p.name)!, p.shape);
    f[SUPERSTEP_IO.m(p.name)] = new ort.Tensor('float32', new Float32Array(p.numel), p.shape);
    f[SUPERSTEP_IO.v(p.name)] = new ort.Tensor('float32', new Float32Array(p.numel), p.shape);
  }
  return f;
}

describe('buildSuperstepGraph', () => {
  it('names and shapes its inputs and outputs, and holds no weights', () => {
    const g = buildSuperstepGraph(config, opts);
    const names = layout.params.map((p) => p.name);
    expect(g.inputs).toEqual([
      'input_ids',
      'targets',
      'lr',
      'step',
      ...names,
      ...names.map((n) => `adamw.m.${n}`),
      ...names.map((n) => `adamw.v.${n}`),
    ]);
    expect(g.outputs).toEqual([
      ...names.map((n) => `new.${n}`),
      ...names.map((n) => `new.adamw.m.${n}`),
      ...names.map((n) => `new.adamw.v.${n}`),
      'losses',
      'grad_norm',
    ]);
    const shape = (list: typeof g.model.graph.inputs, name: string) =>
      list.find((v) => v.name === name)?.shape;
    expect(shape(g.model.graph.inputs, 'input_ids')).toEqual([2, 2, 4]);
    expect(shape(g.model.graph.inputs, 'lr')).toEqual([]);
    expect(shape(g.model.graph.outputs, 'losses')).toEqual([2]);
    expect(shape(g.model.graph.outputs, 'grad_norm')).toEqual([]);
    // the constants are small tables (rope, mask, scalars), never a parameter-sized tensor
    const biggest = Math.max(...g.model.graph.initializers.map((t) => t.data.byteLength));
    expect(biggest).toBeLessThan(
      Math.min(...layout.params.filter((p) => p.numel > 64).map((p) => p.numel * 4)),
    );
    const loops = g.model.graph.nodes.filter((n) => n.opType === 'Loop');
    expect(loops.length).toBe(1);
    expect(g.model.metadata['steel.graph']).toBe('superstep');
  });

  it('is deterministic, and each hyper-parameter changes the bytes', () => {
    const bytes = (o: SuperstepGraphOptions) => serializeModel(buildSuperstepGraph(config, o).model);
    const base = bytes(opts);
    expect(sameBytes(bytes(opts), base)).toBe(true);
    const variants: SuperstepGraphOptions[] = [
      { ...opts, accum: 3 },
      { ...opts, gradClip: 0 },
      { ...opts, adamw: { ...opts.adamw, noDecay: [] } },
      { ...opts, adamw: { ...opts.adamw, beta2: 0.999 } },
      { ...opts, steps: 1 },
    ];
    for (const v of variants) expect(sameBytes(bytes(v), base)).toBe(false);
  });

  it('S steps in one run equal S one-step runs (params and moments carried by the outer Loop)', async () => {
    const S = 2;
    const tokens = Array.from({ length: S * 16 + 1 }, (_, i) => (i * 7 + 3) % 29);
    const lrs = [2e-3, 1e-3];
    const multi = await session(buildSuperstepGraph(config, { ...opts, steps: S }).model);
    const one = await session(buildSuperstepGraph(config, opts).model);
    const all = await multi.run(feeds(S, true, 5, lrs, tokens));
    // one step at a time: step s reads its slice of the batch and the previous run's params/moments
    let f = feeds(1, false, 5, [lrs[0]!], tokens);
    const losses: number[] = [];
    const norms: number[] = [];
    for (let s = 0; s < S; s++) {
      const r = await one.run(f);
      losses.push(...(r.losses!.data as Float32Array));
      norms.push((r.grad_norm!.data as Float32Array)[0]!);
      if (s === S - 1) {
        for (const p of layout.params)
          for (const [out, name] of [
            [SUPERSTEP_IO.newParam(p.name), p.name],
            [SUPERSTEP_IO.newM(p.name), p.name],
            [SUPERSTEP_IO.newV(p.name), p.name],
          ] as const)
            expect(
              sameBytes(all[out]!.data as Float32Array, r[out]!.data as Float32Array),
              `${out} (${name})`,
            ).toBe(true);
        break;
      }
      f = feeds(1, false, 6 + s, [lrs[s + 1]!], tokens.slice(16 * (s + 1)));
      for (const p of layout.params) {
        f[p.name] = r[SUPERSTEP_IO.newParam(p.name)]!;
        f[SUPERSTEP_IO.m(p.name)] = r[SUPERSTEP_IO.newM(p.name)]!;
        f[SUPERSTEP_IO.v(p.name)] = r[SUPERSTEP_IO.newV(p.name)]!;
      }
    }
    expect(Array.from(all.losses!.data as Float32Array)).toEqual(losses);
    expect(all.losses!.dims).toEqual([S, 2]);
    expect(Array.from(all.grad_norm!.data as Float32Array)).toEqual(norms);
  });

  it('lr 0 leaves every parameter unchanged and moves the moments', async () => {
    const tokens = Array.from({ length: 17 }, (_, i) => (i * 5 + 1) % 31);
    const s = await session(buildSuperstepGraph(config, opts).model);
    const f = feeds(1, false, 1, [0], tokens);
    const r = await s.run(f);
    for (const p of layout.params)
      expect(
        sameBytes(r[SUPERSTEP_IO.newParam(p.name)]!.data as Float32Array, f[p.name]!.data as Float32Array),
      ).toBe(true);
    expect((r[SUPERSTEP_IO.newV('lm_head.weight')]!.data as Float32Array).some((x) => x > 0)).toBe(true);
  });

  it.each([
    ['accum 0', { ...opts, accum: 0 }, /accum must be a positive integer \(got 0\)/],
    ['steps 1.5', { ...opts, steps: 1.5 }, /steps must be a positive integer/],
    ['beta2 1', { ...opts, adamw: { ...opts.adamw, beta2: 1 } }, /adamw.beta2 = 1 is out of range/],
    ['negative clip', { ...opts, gradClip: -1 }, /gradClip = -1 is out of range/],
    [
      'unknown noDecay name',
      { ...opts, adamw: { ...opts.adamw, noDecay: ['model.nope'] } },
      /noDecay names model.nope, not a parameter/,
    ],
  ])('rejects %s', (_label, o, message) => {
    expect(() => buildSuperstepGraph(config, o)).toThrow(message);
  });

  it.skipIf(!hasOnnxChecker())('passes the ONNX checker (full_check), one step and multi-step', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'superstep-'));
    const a = join(dir, 'one.onnx');
    const b = join(dir, 'multi.onnx');
    await writeModel(a, buildSuperstepGraph(config, opts).model, false);
    await writeModel(b, buildSuperstepGraph(config, { ...opts, steps: 2, gradClip: 0 }).model, false);
    expect(onnxCheck([a, b])).toBe('');
  });
  if (!hasOnnxChecker()) it('ONNX checker: skipped (no /usr/bin/python3 with python3-onnx)', () => {});
});
