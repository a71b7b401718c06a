// Training checkpoints: `out/step-NNNNNN/` = an HF folder (config.json + model.safetensors) + optimizer.safetensors
// (`adamw.m.<name>`, `adamw.v.<name>`) + state.json + the tokenizer files; built in a temp dir, renamed, pruned,
// then `latest` updated.
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  decodeFloats,
  type ParamLayout,
  paramsFromTensors,
  readHfFolder,
  readSafetensors,
  tensorsFromParams,
  writeHfFolder,
  writeSafetensors,
} from '@steel/moe-model';
import type { AdamWState } from './adamw.js';
import { TrainerError } from './errors.js';

export const STATE_FILE = 'state.json';
export const OPTIMIZER_FILE = 'optimizer.safetensors';
export const LATEST_FILE = 'latest';
export const TRAINER_STATE_FORMAT = 'steel-trainer-state';

/** state.json: where training stands. `data` is the binpack reader's `state()`. */
export interface TrainerState {
  format: typeof TRAINER_STATE_FORMAT;
  version: 1;
  /** Optimizer steps completed. */
  step: number;
  /** Micro-iterations completed (= step × grad_accum). */
  microIteration: number;
  data: unknown;
  schedule: { lr: number; minLr: number; warmupSteps: number; decaySteps: number; gradAccum: number };
  identities: { modelConfigSha256: string; gradGraphSha256: string; threads: number; ep: string };
  /** The validated run config the checkpoint was written under. */
  config: unknown;
  /** Training wall time so far (s), summed over resumes: metrics' elapsed_s continues from it. */
  elapsedS?: number;
  /** The pack manifest's tokenizer identity (binpack manifest.tokenizer), when the pack has a manifest. */
  tokenizer?: unknown;
  /** `--add-data` folders appended on resumes, oldest first (their files are in `data` too). */
  addedData?: { path: string; step: number; files: number; blocks: number }[];
}

export interface CheckpointContents {
  layout: ParamLayout;
  params: ReadonlyMap<string, Float32Array>;
  optimizer: AdamWState;
  state: TrainerState;
  /** Extra files of the folder (the tokenizer: tokenizer.json, steel-tokenizer.json, …): name → bytes. */
  files?: Readonly<Record<string, Uint8Array>>;
}

/** `step-000042`. */
export function checkpointName(step: number): string {
  return `step-${String(step).padStart(6, '0')}`;
}

/**
 * Write the checkpoint of `contents.state.step` under `outDir` atomically, prune to `keepLast` complete
 * checkpoints, then point `latest` at it. Returns the checkpoint directory.
 */
export async function writeCheckpoint(
  outDir: string,
  contents: CheckpointContents,
  keepLast: number,
): Promise<string> {
  const { layout, params, optimizer, state } = contents;
  const name = checkpointName(state.step);
  const final = join(outDir, name);
  const tmp = join(outDir, `.${name}.tmp-${process.pid}`);
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  await writeHfFolder(tmp, { config: layout.config, tensors: tensorsFromParams(layout, params) });
  const moments = layout.params.flatMap((p) => [
    { name: `adamw.m.${p.name}`, dtype: 'F32' as const, shape: p.shape, data: optimizer.m.get(p.name)! },
    { name: `adamw.v.${p.name}`, dtype: 'F32' as const, shape: p.shape, data: optimizer.v.get(p.name)! },
  ]);
  await writeSafetensors(
    join(tmp, OPTIMIZER_FILE),
    moments,
    (_n, i) => {
      const a = moments[i]!.data;
      return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    },
    { format: 'steel-adamw', step: String(optimizer.step) },
  );
  for (const [name, bytes] of Object.entries(contents.files ?? {})) await writeFile(join(tmp, name), bytes);
  await writeFile(join(tmp, STATE_FILE), `${JSON.stringify(state, null, 2)}\n`);
  await rm(final, { recursive: true, force: true });
  await rename(tmp, final);
  await pruneCheckpoints(outDir, keepLast);
  const ptr = join(outDir, `${LATEST_FILE}.tmp-${process.pid}`);
  await writeFile(ptr, `${name}\n`);
  await rename(ptr, join(outDir, LATEST_FILE));
  return final;
}

/** Complete checkpoints (`step-NNNNNN` folders) under `outDir`, oldest first. */
export async function listCheckpoints(outDir: string): Promise<string[]> {
  if (!existsSync(outDir)) return [];
  return (await readdir(outDir)).filter((n) => /^step-\d{6,}$/.test(n)).sort();
}

async function pruneCheckpoints(outDir: string, keepLast: number): Promise<void> {
  const all = await listCheckpoints(outDir);
  for (const n of all.slice(0, Math.max(0, all.length - keepLast)))
    await rm(join(outDir, n), { recursive: true, force: true });
}

/** `latest` (read from the pointer in `outDir`) or a checkpoint directory → its path. */
export async function resolveCheckpoint(outDir: string, which: string): Promise<string> {
  if (which !== 'latest') return which;
  const ptr = join(outDir, LATEST_FILE);
  if (!existsSync(ptr))
    throw new TrainerError(
      'TRAINER_BAD_CHECKPOINT',
      `${outDir}: no '${LATEST_FILE}' pointer, nothing to resume`,
      {
        file: ptr,
      },
    );
  return join(outDir, (await readFile(ptr, 'utf8')).trim());
}

/** Read and check a checkpoint's state.json (and that its other files are present). */
export async function readTrainerState(dir: string): Promise<TrainerState> {
  for (const f of ['config.json', 'model.safetensors', OPTIMIZER_FILE, STATE_FILE])
    if (!existsSync(join(dir, f)))
      throw new TrainerError('TRAINER_BAD_CHECKPOINT', `${dir}: missing ${f}`, { file: join(dir, f) });
  const state = JSON.parse(await readFile(join(dir, STATE_FILE), 'utf8')) as TrainerState;
  if (state.format !== TRAINER_STATE_FORMAT || state.version !== 1)
    throw new TrainerError(
      'TRAINER_BAD_CHECKPOINT',
      `${dir}/${STATE_FILE}: not a ${TRAINER_STATE_FORMAT} v1 file`,
      {
        file: join(dir, STATE_FILE),
        found: `${state.format} v${state.version}`,
      },
    );
  return state;
}

/** Read a checkpoint written by `writeCheckpoint` for `layout` (names and shapes are checked). */
export async function readCheckpoint(
  dir: string,
  layout: ParamLayout,
): Promise<{ params: Map<string, Float32Array>; optimizer: AdamWState; state: TrainerState }> {
  const state = await readTrainerState(dir);
  const hf = await readHfFolder(dir);
  const params = paramsFromTensors(layout, hf.tensors, 'float32') as Map<string, Float32Array>;
  const { tensors, metadata } = await readSafetensors(join(dir, OPTIMIZER_FILE));
  const byName = new Map(tensors.map((t) => [t.name, t]));
  const m = new Map<string, Float32Array>();
  const v = new Map<string, Float32Array>();
  for (const p of layout.params)
    for (const [key, into] of [
      [`adamw.m.${p.name}`, m],
      [`adamw.v.${p.name}`, v],
    ] as const) {
      const t = byName.get(key);
      if (!t || t.shape.join(',') !== p.shape.join(','))
        throw new TrainerError(
          'TRAINER_BAD_CHECKPOINT',
          `${dir}/${OPTIMIZER_FILE}: ${key} missing or not [${p.shape}]`,
          {
            file: join(dir, OPTIMIZER_FILE),
            field: key,
          },
        );
      into.set(p.name, decodeFloats(t.data, t.dtype, 'float32') as Float32Array);
    }
  return { params, optimizer: { step: Number(metadata?.step ?? state.step), m, v }, state };
}
