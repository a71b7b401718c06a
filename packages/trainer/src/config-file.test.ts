// Tests of config-file.ts: YAML and JSON run configs, syntax errors as file:line:col, content errors with the
// line of the offending key, relative paths resolved against the file's folder, the YAML writer round trip.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatTrainConfigYaml, parseTrainConfigText, readTrainConfig } from './config-file.js';
import { isTrainerError } from './errors.js';

const YAML = `model: { init: ../hf/steel }
data:
  train:
    - { path: packed/web, weight: 3 }
    - { path: /abs/code, weight: 1 }
  val: packed/val
  tokenizer: tok
  block_size: 64
  micro_batch_size: 2
optim: { lr: 3.0e-4, max_steps: 10, warmup_steps: 1 }
run: { out_dir: out/run, peak_flops: 9.89e14 }
`;

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'steel-config-file-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function failure(text: string, file = '/cfg/run.yaml'): string {
  try {
    parseTrainConfigText(text, file);
  } catch (e) {
    expect(isTrainerError(e, 'TRAINER_BAD_CONFIG')).toBe(true);
    return (e as Error).message;
  }
  throw new Error('expected a config error');
}

describe('run config files', () => {
  it('YAML: values typed, relative paths resolved against the file folder', () => {
    const c = parseTrainConfigText(YAML, '/cfg/run.yaml');
    expect(c.model).toEqual({ init: '/hf/steel' });
    expect(c.data.train).toEqual([
      { path: '/cfg/packed/web', weight: 3 },
      { path: '/abs/code', weight: 1 },
    ]);
    expect(c.data).toMatchObject({ val: '/cfg/packed/val', tokenizer: '/cfg/tok' });
    expect(c.optim.lr).toBe(3e-4);
    expect(c.run).toMatchObject({ out_dir: '/cfg/out/run', peak_flops: 9.89e14 });
  });

  it('JSON goes through the same parser', async () => {
    const file = join(dir, 'run.json');
    await writeFile(
      file,
      JSON.stringify({
        model: { preset: 'steel-tiny' },
        data: { train: 'p', block_size: 8, micro_batch_size: 1 },
        optim: { max_steps: 5, warmup_steps: 1 },
        run: { out_dir: 'o' },
      }),
    );
    const c = await readTrainConfig(file);
    expect(c.data.train).toEqual([{ path: join(dir, 'p'), weight: 1 }]);
    expect(c.run.out_dir).toBe(join(dir, 'o'));
  });

  it.each([
    ['a YAML syntax error', 'model: { preset: steel-tiny\ndata: [', /\/cfg\/run.yaml:2:\d+: /],
    ['a JSON syntax error', '{\n  "model": {"preset": "x"},\n  "data": ]\n}', /\/cfg\/run.yaml:3:\d+: /],
    [
      'a duplicate key',
      'run: { out_dir: a }\nrun: { out_dir: b }\n',
      /\/cfg\/run.yaml:2:1: Map keys must be unique/,
    ],
  ])('%s is reported with file:line:col', (_what, text, msg) => {
    expect(failure(text)).toMatch(msg);
  });

  it('content errors name the key, its line and the value', () => {
    const bad = YAML.replace('block_size: 64', 'block_size: -4').replace(
      'peak_flops: 9.89e14',
      'peak_flop: 1',
    );
    const m = failure(bad);
    expect(m).toMatch(/data.block_size \(line 8\): .*\(got -4\)/);
    expect(m).toMatch(/run \(line 11\): Unrecognized key: "peak_flop"/);
  });

  it('formatTrainConfigYaml reads back to the same config', () => {
    const c = parseTrainConfigText(YAML, '/cfg/run.yaml');
    const text = formatTrainConfigYaml(c, ['generated']);
    expect(text.startsWith('# generated\n')).toBe(true);
    expect(parseTrainConfigText(text, '/elsewhere/x.yaml')).toEqual(c);
  });

  it('an unreadable file is TRAINER_BAD_CONFIG naming it', async () => {
    const e = await readTrainConfig(join(dir, 'nope.yaml')).catch((x: unknown) => x);
    expect(isTrainerError(e, 'TRAINER_BAD_CONFIG')).toBe(true);
    expect((e as Error).message).toContain(join(dir, 'nope.yaml'));
  });
});
