// Tests of download.ts and zip.ts against a local HTTP server on 127.0.0.1 (no network): the archive is fetched
// from the hub URL shape, unpacked into the official layout, readable by the C-Eval reader; errors name the URL.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCevalSubject } from './benchmarks/ceval.js';
import { downloadBenchmark } from './download.js';
import { isEvaluatorError } from './errors.js';
import { readZip } from './zip.js';

/** A ZIP writer for the test (APPNOTE layout): deflate or stored entries, folders as names ending in '/'. */
function makeZip(entries: [string, string | null, 'deflate' | 'store'][]): Uint8Array {
  const locals: Buffer[] = [];
  const cens: Buffer[] = [];
  let offset = 0;
  for (const [name, text, how] of entries) {
    const n = Buffer.from(name);
    const raw = Buffer.from(text ?? '');
    const data = how === 'deflate' && text !== null ? deflateRawSync(raw) : raw;
    const method = how === 'deflate' && text !== null ? 8 : 0;
    const loc = Buffer.alloc(30);
    loc.writeUInt32LE(0x04034b50, 0);
    loc.writeUInt16LE(method, 8);
    loc.writeUInt32LE(crc32(raw), 14);
    loc.writeUInt32LE(data.length, 18);
    loc.writeUInt32LE(raw.length, 22);
    loc.writeUInt16LE(n.length, 26);
    const cen = Buffer.alloc(46);
    cen.writeUInt32LE(0x02014b50, 0);
    cen.writeUInt16LE(method, 10);
    cen.writeUInt32LE(crc32(raw), 16);
    cen.writeUInt32LE(data.length, 20);
    cen.writeUInt32LE(raw.length, 24);
    cen.writeUInt16LE(n.length, 28);
    cen.writeUInt32LE(offset, 42);
    locals.push(loc, n, data);
    cens.push(cen, n);
    offset += 30 + n.length + data.length;
  }
  const cd = Buffer.concat(cens);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, cd, eocd]));
}

const VAL = 'id,question,A,B,C,D,answer,explanation\n0,虚构题：下载后可读吗？,可以,不行,也许,不知道,A,\n';
const ZIP = makeZip([
  ['dev/', null, 'store'],
  ['val/logic_val.csv', VAL, 'deflate'],
  ['dev/logic_dev.csv', VAL, 'store'],
  ['README.txt', 'not data', 'deflate'],
  ['val/../../evil.csv', 'x', 'store'],
]);

let server: Server;
let endpoint: string;
let dir: string;
const seen: string[] = [];
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'steel-eval-dl-'));
  server = createServer((req, res) => {
    seen.push(`${req.url} ${req.headers.authorization ?? ''}`);
    if (req.url === '/datasets/ceval/ceval-exam/resolve/main/ceval-exam.zip') {
      res.writeHead(200, { 'content-type': 'application/zip' }).end(Buffer.from(ZIP));
    } else res.writeHead(404).end('no');
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((ok) => server.close(ok));
  await rm(dir, { recursive: true, force: true });
});

describe('downloadBenchmark', () => {
  it('fetches the hub archive and unpacks the split folders', async () => {
    const data = join(dir, 'ceval');
    const r = await downloadBenchmark('ceval', data, { endpoint: `${endpoint}/`, token: 'hf_x' });
    expect(r.url).toBe(`${endpoint}/datasets/ceval/ceval-exam/resolve/main/ceval-exam.zip`);
    // evil.csv's split folder is '..', not a split: skipped; nothing escapes the data dir.
    expect(r.files).toEqual(['dev/logic_dev.csv', 'val/logic_val.csv']);
    expect((await readdir(data)).sort()).toEqual(['dev', 'val']);
    expect(seen).toContain('/datasets/ceval/ceval-exam/resolve/main/ceval-exam.zip Bearer hf_x');
    const qs = await readCevalSubject(data, 'logic', 'val');
    expect(qs[0]?.options).toEqual(['可以', '不行', '也许', '不知道']);
  });

  it('names the URL and status of a failed download', async () => {
    await expect(downloadBenchmark('cmmlu', join(dir, 'cmmlu'), { endpoint })).rejects.toSatisfy(
      (e) =>
        isEvaluatorError(e, 'EVAL_DOWNLOAD') &&
        e.message.startsWith(`${endpoint}/datasets/haonan-li/cmmlu/resolve/main/cmmlu_v1_0_1.zip: HTTP 404`),
    );
  });

  it('uses the injected fetch; a network error is EVAL_DOWNLOAD', async () => {
    const fetch = async () => {
      throw new Error('offline');
    };
    await expect(downloadBenchmark('ceval', dir, { fetch })).rejects.toThrow(
      /https:\/\/huggingface\.co\/datasets\/ceval\/ceval-exam\/resolve\/main\/ceval-exam\.zip: download failed: offline/,
    );
  });

  it('MMLU has no hub archive', async () => {
    await expect(downloadBenchmark('mmlu', dir)).rejects.toSatisfy((e) =>
      isEvaluatorError(e, 'EVAL_BAD_OPTIONS'),
    );
  });
});

describe('readZip', () => {
  it('reads an archive written by another implementation (Python zipfile)', async () => {
    const bytes = new Uint8Array(
      await readFile(new URL('../test/fixtures/download/ceval-mini.zip', import.meta.url)),
    );
    const entries = readZip(bytes, 'ceval-mini.zip');
    expect(entries.map((e) => [e.name, e.data.length])).toEqual([
      ['val/logic_val.csv', 177],
      ['dev/logic_dev.csv', 294],
      ['test/logic_test.csv', 63],
    ]);
    expect(new TextDecoder().decode(entries[0]!.data)).toContain('【L1】');
  });

  it('reads stored and deflated entries, skips folders', () => {
    expect(readZip(ZIP).map((e) => e.name)).toEqual([
      'val/logic_val.csv',
      'dev/logic_dev.csv',
      'README.txt',
      'val/../../evil.csv',
    ]);
  });

  it.each([
    ['not a zip', new Uint8Array(100), 'no end-of-central-directory'],
    [
      'corrupt data',
      (() => {
        const z = makeZip([['a.csv', 'hello hello hello', 'store']]);
        z[36] = (z[36] ?? 0) ^ 0xff;
        return z;
      })(),
      'CRC-32 or size mismatch',
    ],
  ])('%s', (_n, bytes, msg) => {
    expect(() => readZip(bytes, 'x.zip')).toThrow(msg);
  });
});
