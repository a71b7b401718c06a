// The tokenizer a checkpoint carries (the helpers' checkpoint contract): an HF tokenizer's tokenizer.json
// (+ tokenizer_config.json) from data.tokenizer, or `steel-tokenizer.json` = a binpack TokenizerSpec for the
// built-in byte tokenizer; the pack manifest's tokenizer identity always goes into state.json.
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Manifest } from '@steel/binpack';
import { TrainerError } from './errors.js';

export const STEEL_TOKENIZER_FILE = 'steel-tokenizer.json';

/** The pack manifest's tokenizer (manifest.tokenizer), recorded in state.json. */
export type TokenizerIdentity = Manifest['tokenizer'];

export interface CheckpointTokenizer {
  identity?: TokenizerIdentity;
  /** File name → bytes, written into every checkpoint folder. */
  files: Record<string, Uint8Array>;
}

/**
 * Decide what tokenizer files checkpoints carry. Every part of data.train must have been packed with the same
 * tokenizer (same name and file hash) when its manifest says so.
 * @example const tok = await checkpointTokenizer(manifests, config.data.tokenizer)
 */
export async function checkpointTokenizer(
  manifests: readonly Manifest[],
  tokenizerDir?: string,
): Promise<CheckpointTokenizer> {
  const identity = manifests[0]?.tokenizer;
  for (const m of manifests.slice(1))
    if (m.tokenizer.fileHash !== identity!.fileHash)
      throw new TrainerError(
        'TRAINER_BAD_CONFIG',
        `data.train mixes packs of different tokenizers: ${identity!.name} (xxh64 ${identity!.fileHash}) and ` +
          `${m.tokenizer.name} (xxh64 ${m.tokenizer.fileHash})`,
        { field: 'data.train', expected: identity!.fileHash, found: m.tokenizer.fileHash },
      );
  const files: Record<string, Uint8Array> = {};
  if (tokenizerDir !== undefined) {
    const isFile = existsSync(tokenizerDir) && statSync(tokenizerDir).isFile();
    const json = isFile ? tokenizerDir : join(tokenizerDir, 'tokenizer.json');
    if (!existsSync(json))
      throw new TrainerError('TRAINER_BAD_CONFIG', `data.tokenizer: no tokenizer.json at ${json}`, {
        file: json,
        field: 'data.tokenizer',
      });
    files['tokenizer.json'] = await readFile(json);
    const cfg = join(isFile ? dirname(json) : tokenizerDir, 'tokenizer_config.json');
    if (existsSync(cfg)) files['tokenizer_config.json'] = await readFile(cfg);
  } else if (identity?.backend === 'byte') {
    // binpack's byte TokenizerSpec: specials in id order (256, 257, …)
    const specials = Object.entries(identity.specialTokens)
      .sort((a, b) => a[1] - b[1])
      .map(([s]) => s);
    files[STEEL_TOKENIZER_FILE] = new TextEncoder().encode(`${JSON.stringify({ kind: 'byte', specials })}\n`);
  }
  return { ...(identity ? { identity } : {}), files };
}

/** Refuse a pack whose tokenizer has more ids than the model's vocab_size (Gather would read out of range). */
export function checkVocab(identity: TokenizerIdentity | undefined, vocab: number): void {
  if (identity && identity.vocabSize > vocab)
    throw new TrainerError(
      'TRAINER_BAD_CONFIG',
      `data.train was packed with tokenizer ${identity.name} (${identity.vocabSize} ids), more than the model's ` +
        `vocab_size ${vocab}`,
      { field: 'model', expected: `vocab_size ≥ ${identity.vocabSize}`, found: String(vocab) },
    );
}
