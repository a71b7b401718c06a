// Training artifacts on disk (docs/formats/trainer-artifacts.md): manifest.json + grad.onnx / eval.onnx /
// superstep.onnx generated from a model config and the step shapes. Graph files hold no weights (params are inputs).
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  buildGradGraph,
  buildLayout,
  buildLossGraph,
  buildSuperstepGraph,
  formatSteelConfig,
  IR_VERSION,
  OPSET_VERSION,
  type SteelConfig,
  serializeModel,
} from '@steel/moe-model';
import { z } from 'zod';
import type { AdamWOptions } from './adamw.js';
import { TrainerError } from './errors.js';

export const ARTIFACTS_FORMAT = 'steel-train-artifacts';
export const ARTIFACTS_MANIFEST = 'manifest.json';
export const ARTIFACT_GRAPHS = ['grad', 'eval', 'superstep'] as const;
export type ArtifactGraph = (typeof ARTIFACT_GRAPHS)[number];

export interface ArtifactOptions {
  config: SteelConfig;
  /** Micro-batch rows B and sequence length T (rows read are T + 1 tokens). */
  batch: number;
  seq: number;
  /** Micro-batches per optimizer step (K, the superstep Loop's trip count). */
  accum: number;
  ignoreIndex: number;
  adamw: AdamWOptions;
  gradClip: number;
  /** Default: all three. */
  graphs?: readonly ArtifactGraph[];
}

const Tensor = z.strictObject({
  name: z.string(),
  shape: z.array(z.int().min(1)),
  dtype: z.literal('float32'),
  role: z.enum(['param', 'adamw.m', 'adamw.v']),
});

const ManifestSchema = z.strictObject({
  format: z.literal(ARTIFACTS_FORMAT),
  version: z.literal(1),
  opset: z.int(),
  irVersion: z.int(),
  dtype: z.literal('float32'),
  modelConfig: z.unknown(),
  shapes: z.strictObject({ batch: z.int().min(1), seq: z.int().min(1), accum: z.int().min(1) }),
  hyper: z.strictObject({
    ignoreIndex: z.int(),
    beta1: z.number(),
    beta2: z.number(),
    eps: z.number(),
    weightDecay: z.number(),
    noDecay: z.array(z.string()),
    gradClip: z.number(),
  }),
  naming: z.record(z.string(), z.string()),
  state: z.array(Tensor),
  graphs: z.record(z.string(), z.strictObject({ file: z.string(), sha256: z.string().length(64) })),
});
export type ArtifactsManifest = z.infer<typeof ManifestSchema>;

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** The ONNX bytes of one artifact graph. */
function graphBytes(kind: ArtifactGraph, o: ArtifactOptions): Uint8Array {
  const shape = { batch: o.batch, seq: o.seq, ignoreIndex: o.ignoreIndex };
  if (kind === 'grad') return serializeModel(buildGradGraph(o.config, shape).model);
  if (kind === 'eval') return serializeModel(buildLossGraph(o.config, shape).model);
  const adamw = { ...o.adamw, noDecay: [...(o.adamw.noDecay ?? [])] };
  return serializeModel(
    buildSuperstepGraph(o.config, { ...shape, accum: o.accum, adamw, gradClip: o.gradClip }).model,
  );
}

/**
 * Write the artifact directory `dir` atomically (built as a sibling temp dir, then renamed over `dir`).
 * @example await writeTrainingArtifacts('out/artifacts', { config, batch: 8, seq: 2048, accum: 8, ignoreIndex: 151643, adamw, gradClip: 1 })
 */
export async function writeTrainingArtifacts(dir: string, o: ArtifactOptions): Promise<ArtifactsManifest> {
  const layout = buildLayout(o.config);
  const kinds = [...new Set(o.graphs ?? ARTIFACT_GRAPHS)];
  const tmp = join(dirname(dir), `.${dir.split('/').pop()}.tmp-${process.pid}`);
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  const graphs: ArtifactsManifest['graphs'] = {};
  for (const kind of kinds) {
    const bytes = graphBytes(kind, o);
    await writeFile(join(tmp, `${kind}.onnx`), bytes);
    graphs[kind] = { file: `${kind}.onnx`, sha256: sha256(bytes) };
  }
  const state = layout.params.flatMap((p) =>
    (['param', 'adamw.m', 'adamw.v'] as const).map((role) => ({
      name: role === 'param' ? p.name : `${role}.${p.name}`,
      shape: [...p.shape],
      dtype: 'float32' as const,
      role,
    })),
  );
  const manifest: ArtifactsManifest = {
    format: ARTIFACTS_FORMAT,
    version: 1,
    opset: OPSET_VERSION,
    irVersion: IR_VERSION,
    dtype: 'float32',
    modelConfig: JSON.parse(formatSteelConfig(o.config)),
    shapes: { batch: o.batch, seq: o.seq, accum: o.accum },
    hyper: {
      ignoreIndex: o.ignoreIndex,
      beta1: o.adamw.beta1,
      beta2: o.adamw.beta2,
      eps: o.adamw.eps ?? 1e-8,
      weightDecay: o.adamw.weightDecay,
      noDecay: [...(o.adamw.noDecay ?? [])],
      gradClip: o.gradClip,
    },
    naming: {
      'grad.inputs': 'input_ids [B,T] int64, targets [B,T] int64, <param> (HF names, layout order)',
      'grad.outputs': 'loss [], grad.<param>',
      'eval.outputs': 'loss []',
      'superstep.inputs':
        'input_ids [K,B,T], targets [K,B,T], lr [], step [], <param>, adamw.m.<param>, adamw.v.<param>',
      'superstep.outputs': 'new.<param>, new.adamw.m.<param>, new.adamw.v.<param>, losses [K], grad_norm []',
    },
    state,
    graphs,
  };
  await writeFile(join(tmp, ARTIFACTS_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  await rm(dir, { recursive: true, force: true });
  await rename(tmp, dir);
  return manifest;
}

/** Read and check an artifact directory: the manifest against its schema, every graph file against its sha256. */
export async function readTrainingArtifacts(dir: string): Promise<ArtifactsManifest> {
  const path = join(dir, ARTIFACTS_MANIFEST);
  if (!existsSync(path))
    throw new TrainerError('TRAINER_BAD_ARTIFACTS', `${dir}: no ${ARTIFACTS_MANIFEST}`, { file: path });
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    throw new TrainerError('TRAINER_BAD_ARTIFACTS', `${path}: not JSON (${(e as Error).message})`, {
      file: path,
    });
  }
  const r = ManifestSchema.safeParse(raw);
  if (!r.success)
    throw new TrainerError(
      'TRAINER_BAD_ARTIFACTS',
      `${path}: ${r.error.issues.map((i) => `${i.path.join('.') || '<root>'}: ${i.message}`).join('; ')}`,
      { file: path },
    );
  for (const [kind, g] of Object.entries(r.data.graphs)) {
    const file = join(dir, g.file);
    if (!existsSync(file))
      throw new TrainerError('TRAINER_BAD_ARTIFACTS', `${file}: missing (${kind} graph of ${path})`, {
        file,
      });
    const found = sha256(await readFile(file));
    if (found !== g.sha256)
      throw new TrainerError(
        'TRAINER_BAD_ARTIFACTS',
        `${file}: sha256 ${found}, manifest expects ${g.sha256} (regenerate the artifacts)`,
        { file, expected: g.sha256, found },
      );
  }
  return r.data;
}
