// End-to-end tests of the steel-data CLI: spawn it from source and check exit codes, messages and outputs.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MAIN = resolve(import.meta.dirname, 'main.ts');
// The children run in temp directories, so the tsx loader is passed by absolute URL.
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

function cli(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['--conditions=@steel/source', '--import', TSX, MAIN, ...args],
      { cwd, env: { ...process.env, FORCE_COLOR: '0' } },
      (error, stdout, stderr) =>
        done({ code: error ? (typeof error.code === 'number' ? error.code : 99) : 0, stdout, stderr }),
    );
  });
}

const QA = (title: string, answer: string) =>
  JSON.stringify({ qid: 'q', category: 'c', title, desc: '', answer });
const LONG = '这是一个足够长的回答，用来通过二十个字符的质量门槛。';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'steel-data-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('steel-data', () => {
  it('lists every built-in source', async () => {
    const r = await cli(['sources'], dir);
    expect(r.code).toBe(0);
    for (const name of [
      'skypile',
      'wanjuan',
      'wiki_cn',
      'baidu_baike',
      'baidu_qa',
      'zhihu',
      'belle_2m',
      'belle_3_5m',
      'moss',
      'firefly',
      'starcoder',
    ]) {
      expect(r.stdout).toMatch(new RegExp(`^${name}\\s`, 'm'));
    }
  });

  it('rejects an unknown source with exit 2, naming the known ones, and writes nothing', async () => {
    await writeFile(join(dir, 'a.jsonl'), `${QA('问题', LONG)}\n`);
    const r = await cli(
      ['convert', '--source', 'nope', '--input', 'a.jsonl', '--output', 'never.jsonl'],
      dir,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown source "nope"');
    expect(r.stderr).toContain('baidu_qa');
    expect(existsSync(join(dir, 'never.jsonl'))).toBe(false);
  });

  it('reports every bad option at once', async () => {
    const r = await cli(['convert', '--format', 'csv', '--shard-size', 'lots'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--source');
    expect(r.stderr).toContain('--format must be jsonl or arrow, got "csv"');
    expect(r.stderr).toContain('got "lots"');
  });

  it('counts malformed records, keeps the valid ones around them, and writes a report', async () => {
    const lines = [
      QA('问题一', LONG),
      '{"title": broken',
      QA('问题二', LONG),
      JSON.stringify({ title: 'x' }),
      QA('短', '好'),
    ];
    await writeFile(join(dir, 'mixed.jsonl'), `${lines.join('\n')}\n`);
    const r = await cli(
      [
        'convert',
        '--source',
        'baidu_qa',
        '--input',
        'mixed.jsonl',
        '--output',
        'out/mixed.jsonl',
        '--report',
        'out/report.json',
        '--keep-meta',
      ],
      dir,
    );
    expect(r.code).toBe(0);
    const out = (await readFile(join(dir, 'out/mixed.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(out.map((o) => o.meta.line)).toEqual([1, 3, 5]);
    expect(out[0].text).toContain('问题一');
    const report = JSON.parse(await readFile(join(dir, 'out/report.json'), 'utf8'));
    expect(report.totals).toMatchObject({ read: 5, written: 3, malformed: 2 });
    expect(report.malformedSamples.map((s: { location: string }) => s.location)).toEqual([
      'mixed.jsonl:2',
      'mixed.jsonl:4',
    ]);
    expect(r.stdout).toContain('invalid_json=1');
  });

  it('exits 1 on a truncated gzip file but still writes the records read before the damage', async () => {
    const body = Array.from({ length: 2000 }, (_, i) => QA(`问题${i}`, LONG)).join('\n');
    const gz = gzipSync(body);
    await writeFile(join(dir, 'cut.jsonl.gz'), gz.subarray(0, Math.floor(gz.length / 2)));
    const r = await cli(
      ['convert', '--source', 'baidu_qa', '--input', 'cut.jsonl.gz', '--output', 'out/cut.jsonl'],
      dir,
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('DATA_TRUNCATED');
    expect(r.stdout).toContain('cut.jsonl.gz');
    const written = (await readFile(join(dir, 'out/cut.jsonl'), 'utf8')).trim().split('\n').length;
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThan(2000);
  });

  it('exits 1 with a clear message when the input does not exist, leaving no output', async () => {
    const r = await cli(
      ['convert', '--source', 'skypile', '--input', 'missing/*.jsonl', '--output', 'out/none.jsonl'],
      dir,
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/DATA_(INPUT_NOT_FOUND|NO_INPUT_FILES)/);
    expect(existsSync(join(dir, 'out/none.jsonl'))).toBe(false);
  });

  it('writes Arrow IPC shards', async () => {
    const body = Array.from({ length: 300 }, (_, i) => JSON.stringify({ text: `${i} ${LONG}` })).join('\n');
    await writeFile(join(dir, 'sky.jsonl'), body);
    const r = await cli(
      [
        'convert',
        '--source',
        'skypile',
        '--input',
        'sky.jsonl',
        '--output',
        'arrow-out',
        '--format',
        'arrow',
        '--shard-size',
        '8KB',
        '--quiet',
      ],
      dir,
    );
    expect(r.code).toBe(0);
    const shards = (await readdir(join(dir, 'arrow-out'))).sort();
    expect(shards.length).toBeGreaterThan(1);
    expect(shards[0]).toBe('part-00000.arrow');
    expect(shards.every((s) => !s.startsWith('.'))).toBe(true);
  });

  it('runs the demo (the README main job): convert, clean, pack, read back', async () => {
    const r = await cli(['demo', '--out', 'demo'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const text = (await readdir(join(dir, 'demo/text'))).sort();
    expect(text).toEqual([
      'baidu_baike.jsonl',
      'baidu_qa.jsonl',
      'belle_3_5m.jsonl',
      'skypile.jsonl',
      'wiki_cn.jsonl',
    ]);
    const report = JSON.parse(await readFile(join(dir, 'demo/report.json'), 'utf8'));
    expect(report.baidu_qa.totals.written).toBe(200);
    expect(report.wiki_cn.droppedByReason.too_short).toBeGreaterThan(0);
    expect(report.baidu_baike.droppedByReason.no_content).toBeGreaterThan(0);
    const first = JSON.parse(
      (await readFile(join(dir, 'demo/text/baidu_qa.jsonl'), 'utf8')).split('\n')[0] ?? '',
    );
    expect(
      first.text.startsWith('<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\n'),
    ).toBe(true);
    expect(first.text).not.toContain('\r');
    expect(first.meta).toEqual({ source: 'baidu_qa', file: 'demo/raw/baidu_qa/baike_qa_demo.json', line: 1 });
    const clean = (await readFile(join(dir, 'demo/clean/clean.jsonl'), 'utf8')).trim().split('\n');
    expect(clean.length).toBeGreaterThan(900);
    expect(r.stdout).toMatch(/document_simhash_deduplicator\s+\d+\s+\d+\s+\d+/);
    expect(
      (await readdir(join(dir, 'demo/packed'))).filter((n) => n.endsWith('.bin')).length,
    ).toBeGreaterThan(1);
    // every 10th clean document is held out and packed on its own for validation
    const split = async (f: string) =>
      (await readFile(join(dir, 'demo/split', f), 'utf8')).trim().split('\n');
    expect((await split('val.jsonl')).length).toBe(Math.floor(clean.length / 10));
    expect((await split('train.jsonl')).length + (await split('val.jsonl')).length).toBe(clean.length);
    expect(
      (await readdir(join(dir, 'demo/packed-val'))).filter((n) => n.endsWith('.bin')).length,
    ).toBeGreaterThan(0);
    expect(r.stdout).toMatch(/LITPKDS file\(s\) in .*packed-val, .* \(held-out val\)/);
    expect(r.stdout).toContain('restore → next batch identical');
  });
});
