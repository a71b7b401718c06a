// Tests for artifacts.ts: the artifact directory's manifest, graph hashes, atomic rewrite, and the errors on a
// tampered graph file or a bad manifest.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildLayout, getPreset } from '@steel/moe-model';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { readTrainingArtifacts, writeTrainingArtifacts } from './artifacts.js';
import { isTrainerError } from './errors.js';

const config = getPreset('steel-micro');
const opts = {
  config,
  batch: 2,
  seq: 8,
  accum: 2,
  ignoreIndex: 0,
  adamw: { beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.05 },
  gradClip: 1,
};

describe('writeTrainingArtifacts / readTrainingArtifacts', () => {
  it('writes manifest + three graphs whose hashes check, with the full state table', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'steel-art-')), 'artifacts');
    const m = await writeTrainingArtifacts(dir, opts);
    const layout = buildLayout(config);
    expect(Object.keys(m.graphs).sort()).toEqual(['eval', 'grad', 'superstep']);
    expect(m.state).toHaveLength(layout.params.length * 3);
    expect(m.state.filter((t) => t.role === 'adamw.v').map((t) => t.name)[0]).toBe(
      `adamw.v.${layout.params[0]!.name}`,
    );
    expect(await readTrainingArtifacts(dir)).toEqual(m);
    // graphs hold no weights: every parameter is an input of the grad graph, and ORT opens each file
    for (const kind of ['grad', 'eval', 'superstep']) {
      const s = await ort.InferenceSession.create(join(dir, `${kind}.onnx`));
      for (const p of layout.params) expect(s.inputNames).toContain(p.name);
      await s.release();
    }
    // same options → byte-identical files (deterministic graphs)
    const again = join(dir, '..', 'again');
    const m2 = await writeTrainingArtifacts(again, opts);
    expect(m2.graphs).toEqual(m.graphs);
  });

  it('names a tampered graph file with the expected and found hash', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'steel-art-')), 'a');
    await writeTrainingArtifacts(dir, { ...opts, graphs: ['eval'] });
    const f = join(dir, 'eval.onnx');
    const bytes = await readFile(f);
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 1;
    await writeFile(f, bytes);
    const e = await readTrainingArtifacts(dir).catch((x: unknown) => x);
    expect(isTrainerError(e, 'TRAINER_BAD_ARTIFACTS')).toBe(true);
    expect((e as Error).message).toContain('eval.onnx: sha256');
  });

  it('rejects a manifest of another format, naming the field', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'steel-art-')), 'b');
    await writeTrainingArtifacts(dir, { ...opts, graphs: ['eval'] });
    const path = join(dir, 'manifest.json');
    const m = JSON.parse(await readFile(path, 'utf8'));
    await writeFile(path, JSON.stringify({ ...m, version: 2 }));
    await expect(readTrainingArtifacts(dir)).rejects.toThrow(/manifest\.json: version/);
  });
});
