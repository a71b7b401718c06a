// Slow end-to-end check (STEEL_SLOW=1): steel-pretrain's demo trains steel-tiny on its byte-tokenized corpus, and
// steel-chat --prompt generates from the last checkpoint, which carries its tokenizer (steel-tokenizer.json).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const run = (main: string, args: string[]) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
    execFile(
      process.execPath,
      ['--conditions=@steel/source', '--import', TSX, main, ...args],
      { env: { ...process.env, FORCE_COLOR: '0' }, maxBuffer: 64 << 20 },
      (error, stdout, stderr) =>
        done({ code: error ? (typeof error.code === 'number' ? error.code : 99) : 0, stdout, stderr }),
    );
  });

describe.skipIf(!process.env.STEEL_SLOW)('steel-chat on a demo-trained model (STEEL_SLOW=1)', () => {
  it('steel-pretrain demo, then steel-chat --prompt generates and exits 0', {
    timeout: 600_000,
  }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'steel-chat-demo-'));
    try {
      const pretrain = resolve(import.meta.dirname, '../../pretrain/src/main.ts');
      const t = await run(pretrain, ['demo', '--out', dir, '--steps', '40', '--threads', '1']);
      expect(t.code, t.stderr).toBe(0);
      const runDir = join(dir, 'run');
      const steps = (await readdir(runDir)).filter((n) => /^step-\d+$/.test(n)).sort();
      const ckpt = join(runDir, steps.at(-1)!);
      expect(existsSync(join(ckpt, 'steel-tokenizer.json'))).toBe(true);
      const chat = resolve(import.meta.dirname, 'main.ts');
      const r = await run(chat, [
        '--model',
        ckpt,
        '--prompt',
        'Bob sees',
        '--max-new-tokens',
        '40',
        '--temperature',
        '0',
      ]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout.trim().length).toBeGreaterThan(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
