// Tests of subgraph.ts and GraphBuilder.subgraph — graph-valued attributes (Loop / If bodies reading outer-scope
// values by name): structure, deterministic bytes, round trips through onnxruntime-node and the ONNX checker.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { f32, hasOnnxChecker, i64, onnxCheck, ort, run, sameBytes, session } from '../test-helpers.js';
import { GraphBuilder } from './builder.js';
import { writeModel } from './external-data.js';
import * as o from './ops.js';
import { serializeModel } from './serialize.js';
import { ifThenElse, loop } from './subgraph.js';

/** sum = Σ_i xs[i]·w (w read from the outer scope), partial sums scanned; nested loop adds i·j over j < 2. */
function buildSum(K: number) {
  const b = new GraphBuilder('sum');
  const xs = b.input('xs', 'float32', [K, 3]);
  const w = b.input('w', 'float32', [3]);
  const zero = o.expand(b, b.scalar(0), [3]);
  const r = loop(
    b,
    'acc',
    { trips: K, carried: [zero], carriedNames: ['s'], scanNames: ['partial'] },
    (sb, i, [s]) => {
      const next = o.add(sb, s!, o.mul(sb, o.gather(sb, xs, i), w));
      // an inner loop that reads the outer body's counter: Σ_{j<2} i·j = i
      const inner = loop(
        sb,
        'inner',
        { trips: 2, carried: [sb.constant('int64', [], [0])] },
        (ib, j, [t]) => ({
          carried: [o.add(ib, t!, o.mul(ib, i, j))],
        }),
      );
      return { carried: [next], scans: [next, inner.carried[0]!] };
    },
  );
  b.output(r.carried[0]!, 'sum');
  b.output(r.scans[0]!, 'partial');
  b.output(r.scans[1]!, 'inner');
  return b;
}

describe('Loop / If subgraphs', () => {
  it('builds a Loop node whose body reads outer values by name', () => {
    const b = buildSum(4);
    const node = b.nodes.find((n) => n.opType === 'Loop')!;
    expect(node.inputs.slice(1, 2)).toEqual(['']); // condition omitted: exactly M iterations
    const body = (node.attrs.body as { graph: { inputs: { name: string }[]; outputs: { name: string }[] } })
      .graph;
    expect(body.inputs.map((v) => v.name)).toEqual(['acc/iter', 'acc/cond', 'acc/in.s']);
    expect(body.outputs.map((v) => v.name)).toEqual([
      'acc/cond_out',
      'acc/out.s',
      'acc/scan.partial',
      'acc/scan.1',
    ]);
    expect(b.outputs.map((v) => [v.name, v.shape])).toEqual([
      ['sum', [3]],
      ['partial', [4, 3]],
      ['inner', [4]],
    ]);
    // constants of every body live in the main graph (deduplicated there), not in the bodies
    expect(body.inputs.length).toBe(3);
    expect((node.attrs.body as { graph: { initializers: unknown[] } }).graph.initializers).toEqual([]);
    expect(b.initializers.every((t) => t.name.startsWith('const_'))).toBe(true);
  });

  it('is deterministic: the same construction gives the same bytes', () => {
    expect(sameBytes(serializeModel(buildSum(3).build()), serializeModel(buildSum(3).build()))).toBe(true);
  });

  it('runs in onnxruntime-node: sums, scans and a nested loop', async () => {
    const K = 4;
    const s = await session(buildSum(K).build());
    const xs = Array.from({ length: K * 3 }, (_, i) => (i % 5) - 1.5);
    const w = [2, -1, 0.5];
    const r = await run(s, { xs: f32(xs, [K, 3]), w: f32(w, [3]) });
    const partial: number[] = [];
    const acc = [0, 0, 0];
    for (let k = 0; k < K; k++) {
      for (let c = 0; c < 3; c++) acc[c] = Math.fround(acc[c]! + Math.fround(xs[k * 3 + c]! * w[c]!));
      partial.push(...acc);
    }
    expect(r.sum!.data).toEqual(acc);
    expect(r.partial!.data).toEqual(partial);
    expect(r.partial!.dims).toEqual([K, 3]);
    expect(r.inner!.data).toEqual([0, 1, 2, 3]);
  });

  it('runs an If whose branches read outer values', async () => {
    const b = new GraphBuilder('if');
    const x = b.input('x', 'float32', [2]);
    const c = b.input('c', 'bool', []);
    const [y] = ifThenElse(
      b,
      'branch',
      c,
      (sb) => [o.mul(sb, x, sb.scalar(2))],
      (sb) => [o.sub(sb, x, sb.scalar(1))],
    );
    b.output(y!, 'y');
    const s = await session(b.build());
    const yes = await run(s, { x: f32([1, 3], [2]), c: new ort.Tensor('bool', Uint8Array.from([1]), []) });
    const no = await run(s, { x: f32([1, 3], [2]), c: new ort.Tensor('bool', Uint8Array.from([0]), []) });
    expect(yes.y!.data).toEqual([2, 6]);
    expect(no.y!.data).toEqual([0, 2]);
  });

  it.each([
    [
      'carried type change',
      (b: GraphBuilder) =>
        loop(b, 'l', { trips: 2, carried: [b.scalar(0)] }, (sb) => ({
          carried: [sb.constant('int64', [], [1])],
        })),
      /carried 0 enters as float32\[\] but leaves as int64\[\]/,
    ],
    [
      'zero trips',
      (b: GraphBuilder) => loop(b, 'l', { trips: 0, carried: [] }, () => ({ carried: [] })),
      /trips must be a positive integer/,
    ],
    [
      'duplicate subgraph name',
      (b: GraphBuilder) => {
        const f = () => loop(b, 'l', { trips: 1, carried: [b.scalar(0)] }, (_sb, _i, c) => ({ carried: c }));
        f();
        f();
      },
      /already has a subgraph named l/,
    ],
    [
      'a value of a sibling body',
      (b: GraphBuilder) => {
        let leaked: ReturnType<typeof o.neg> | undefined;
        loop(b, 'a', { trips: 1, carried: [b.scalar(0)] }, (sb, _i, [c]) => {
          leaked = o.neg(sb, c!);
          return { carried: [leaked] };
        });
        o.neg(b, leaked!);
      },
      /input a\/Neg_0 is not a value of graph/,
    ],
  ] as const)('rejects %s', (_label, make, message) => {
    expect(() => make(new GraphBuilder('e'))).toThrow(message);
  });

  it('reads an int64 index input inside the body', async () => {
    // a Loop over rows of an int64 [K, 2] input, as the superstep graph indexes its micro-batches
    const b = new GraphBuilder('idx');
    const ids = b.input('ids', 'int64', [3, 2]);
    const r = loop(b, 'rows', { trips: 3, carried: [] }, (sb, i) => ({
      carried: [],
      scans: [o.reduceSum(sb, o.gather(sb, ids, i), [], false)],
    }));
    b.output(r.scans[0]!, 'sums');
    const out = await run(await session(b.build()), { ids: i64([1, 2, 3, 4, 5, 6], [3, 2]) });
    expect(out.sums!.data).toEqual([3, 7, 11]);
  });

  it.skipIf(!hasOnnxChecker())('passes the ONNX checker (full_check)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'onnx-loop-'));
    await writeModel(join(dir, 'loop.onnx'), buildSum(3).build(), false);
    expect(onnxCheck([join(dir, 'loop.onnx')])).toBe('');
  });
  if (!hasOnnxChecker()) it('ONNX checker: skipped (no /usr/bin/python3 with python3-onnx)', () => {});
});
