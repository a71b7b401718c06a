// A minimal ZIP reader (PKWARE APPNOTE 6.3: end of central directory → central directory → local headers) for
// the benchmark archives on the HF hub: stored (0) and deflate (8) entries, CRC-32 checked; no ZIP64, no
// encryption — both are clear errors.
import { crc32, inflateRawSync } from 'node:zlib';
import { EvaluatorError } from './errors.js';

export interface ZipEntry {
  /** Path inside the archive, '/'-separated. */
  name: string;
  data: Uint8Array;
}

const EOCD = 0x06054b50;
const CEN = 0x02014b50;
const LOC = 0x04034b50;

const fail = (what: string, why: string) =>
  new EvaluatorError('EVAL_DOWNLOAD', `${what}: not a readable ZIP archive: ${why}`, {
    file: what,
    expected: 'a ZIP archive (stored or deflate entries)',
    found: why,
  });

/**
 * The file entries of a ZIP archive (folders skipped). `what` names the archive in errors.
 * @example for (const e of readZip(bytes, 'ceval-exam.zip')) console.log(e.name, e.data.length);
 */
export function readZip(bytes: Uint8Array, what = 'archive'): ZipEntry[] {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (v.getUint32(i, true) === EOCD) {
      end = i;
      break;
    }
  }
  if (end < 0) throw fail(what, 'no end-of-central-directory record');
  const count = v.getUint16(end + 10, true);
  let p = v.getUint32(end + 16, true);
  if (count === 0xffff || p === 0xffffffff) throw fail(what, 'ZIP64 archives are not supported');
  const out: ZipEntry[] = [];
  for (let k = 0; k < count; k++) {
    if (p + 46 > bytes.length || v.getUint32(p, true) !== CEN)
      throw fail(what, `bad central directory entry ${k}`);
    const flags = v.getUint16(p + 8, true);
    const method = v.getUint16(p + 10, true);
    const crc = v.getUint32(p + 16, true);
    const compressedSize = v.getUint32(p + 20, true);
    const size = v.getUint32(p + 24, true);
    const nameLen = v.getUint16(p + 28, true);
    const extraLen = v.getUint16(p + 30, true);
    const commentLen = v.getUint16(p + 32, true);
    const local = v.getUint32(p + 42, true);
    const name = new TextDecoder().decode(bytes.subarray(p + 46, p + 46 + nameLen));
    p += 46 + nameLen + extraLen + commentLen;
    if (name.endsWith('/')) continue;
    if (flags & 1) throw fail(what, `${name} is encrypted`);
    if (local + 30 > bytes.length || v.getUint32(local, true) !== LOC)
      throw fail(what, `${name}: bad local header`);
    const start = local + 30 + v.getUint16(local + 26, true) + v.getUint16(local + 28, true);
    const compressed = bytes.subarray(start, start + compressedSize);
    let data: Uint8Array;
    if (method === 0) data = compressed;
    else if (method === 8) data = new Uint8Array(inflateRawSync(compressed));
    else
      throw fail(what, `${name} uses compression method ${method} (only stored and deflate are supported)`);
    if (data.length !== size || crc32(data) !== crc) throw fail(what, `${name}: CRC-32 or size mismatch`);
    out.push({ name, data });
  }
  return out;
}
