// Run config files: YAML or JSON (JSON is read by the same YAML 1.2 parser, so both get line numbers), syntax
// errors as `file:line:col`, content errors with the line of the offending key; relative paths resolved against
// the config file's folder.
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { isNode, LineCounter, parseDocument, stringify } from 'yaml';
import { type LocateKey, parseTrainConfig, type TrainConfig } from './config.js';
import { TrainerError } from './errors.js';

/**
 * Read and validate a run config (`.yaml`, `.yml` or `.json`).
 * @example const config = await readTrainConfig('apps/pretrain/configs/demo.yaml')
 */
export async function readTrainConfig(path: string): Promise<TrainConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new TrainerError(
      'TRAINER_BAD_CONFIG',
      `${path}: cannot read the config (${(e as Error).message})`,
      {
        file: path,
      },
    );
  }
  return parseTrainConfigText(text, path);
}

/** Parse config text named `file`; relative paths are resolved against `base` (default: the file's folder). */
export function parseTrainConfigText(text: string, file: string, base = dirname(resolve(file))): TrainConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((e) => {
      const at = e.linePos?.[0];
      return `${file}:${at?.line ?? '?'}:${at?.col ?? '?'}: ${e.message.split('\n')[0]}`;
    });
    throw new TrainerError('TRAINER_BAD_CONFIG', `invalid YAML/JSON: ${problems.join('; ')}`, {
      file,
      issues: problems,
    });
  }
  // The nearest node that exists on the key's path (a missing key reports its parent's line).
  const locate: LocateKey = (path) => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true);
      if (isNode(node) && node.range) return `line ${lines.linePos(node.range[0]).line}`;
    }
    return undefined;
  };
  return resolveConfigPaths(parseTrainConfig(doc.toJS(), file, locate), base);
}

/** The config with model.init/config, data.train[].path, data.val, data.tokenizer and run.out_dir absolute. */
export function resolveConfigPaths(c: TrainConfig, base: string): TrainConfig {
  const abs = (p: string) => (isAbsolute(p) ? p : join(base, p));
  const opt = (p: string | undefined) => (p === undefined ? undefined : abs(p));
  return {
    ...c,
    model: {
      ...c.model,
      ...(c.model.init !== undefined ? { init: abs(c.model.init) } : {}),
      ...(c.model.config !== undefined ? { config: abs(c.model.config) } : {}),
    },
    data: {
      ...c.data,
      train: c.data.train.map((p) => ({ ...p, path: abs(p.path) })),
      ...(c.data.val !== undefined ? { val: opt(c.data.val) } : {}),
      ...(c.data.tokenizer !== undefined ? { tokenizer: opt(c.data.tokenizer) } : {}),
    },
    run: { ...c.run, out_dir: abs(c.run.out_dir) },
  };
}

/**
 * A validated config as YAML that readTrainConfig reads back to the same config (paths stay as they are: absolute
 * after resolveConfigPaths). `header` lines become `# ` comments on top.
 */
export function formatTrainConfigYaml(config: TrainConfig, header: readonly string[] = []): string {
  return `${header.map((l) => `# ${l}\n`).join('')}${stringify(config, { lineWidth: 0 })}`;
}
