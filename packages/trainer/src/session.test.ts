// The grad session on the CPU EP (loss of an untrained steel-tiny ≈ ln V; one gradient per parameter) and the
// explicit-provider rule: asking for CUDA without its libraries is a TrainerError, never a silent CPU run.
import { buildLayout, getPreset, initParams } from '@steel/moe-model';
import { describe, expect, it } from 'vitest';
import { isTrainerError } from './errors.js';
import { createGradSession, EXECUTION_PROVIDERS, type GradSession } from './session.js';

const layout = buildLayout(getPreset('steel-tiny'));

describe('createGradSession', () => {
  it('runs the grad graph on the CPU EP', async () => {
    const s = await createGradSession(layout, { batch: 2, seq: 8, ignoreIndex: 256, threads: 1 });
    const params = initParams(layout, 1) as Map<string, Float32Array>;
    const ids = BigInt64Array.from({ length: 16 }, (_, i) => BigInt((i * 37) % 256));
    const { loss, grads } = await s.run(ids, ids, params);
    expect(Math.abs(loss - Math.log(512))).toBeLessThan(0.2);
    expect([...grads.keys()]).toEqual(layout.params.map((p) => p.name));
    for (const p of layout.params) expect(grads.get(p.name)!.length).toBe(p.numel);
    // every target ignored → no non-ignored tokens: the graph still runs
    await s.release();
  });

  // This machine has no GPU: a device provider must be a clear error, never a silent CPU session. Where one is
  // present (a GPU host) the session must open on it and run.
  it.each([
    ['cuda', /ONNXRUNTIME_NODE_INSTALL=cuda12/],
    ['webgpu', /WebGPU needs a GPU adapter/],
  ] as const)(
    "'%s' opens on that provider or throws TRAINER_EP_UNAVAILABLE with a hint",
    async (ep, hint) => {
      const e = await createGradSession(layout, { batch: 1, seq: 4, ignoreIndex: 256, ep }).catch(
        (x: unknown) => x,
      );
      if (!(e instanceof Error)) {
        expect((e as GradSession).ep).toBe(ep);
        const ids = BigInt64Array.from({ length: 4 }, (_, i) => BigInt(i));
        const r = await (e as GradSession).run(ids, ids, initParams(layout, 1) as Map<string, Float32Array>);
        expect(Number.isFinite(r.loss)).toBe(true);
        return;
      }
      expect(isTrainerError(e, 'TRAINER_EP_UNAVAILABLE')).toBe(true);
      expect(e.message).toMatch(
        new RegExp(`execution provider '${ep}' is not available.*or use --device cpu`),
      );
      expect(e.message).toMatch(hint);
    },
  );

  it('lists the providers onnxruntime-node can be asked for', () => {
    expect(EXECUTION_PROVIDERS).toEqual(['cpu', 'cuda', 'webgpu']);
  });

  it('an unknown provider is a bad argument', async () => {
    const e = await createGradSession(layout, {
      batch: 1,
      seq: 4,
      ignoreIndex: 256,
      ep: 'tpu' as 'cpu',
    }).catch((x: unknown) => x);
    expect(isTrainerError(e, 'TRAINER_BAD_ARGUMENT')).toBe(true);
  });
});
