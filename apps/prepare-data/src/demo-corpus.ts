// A small synthetic corpus in the raw layouts of several Steel sources, generated from a seeded PRNG and a
// word list written for this project (no third-party data), so `npm start` runs offline on a fresh clone.
// Learnable structure: templated Chinese sentences, and (web text) each one followed by its English rendering.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** mulberry32: tiny, seedable, deterministic. */
function createRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Parallel word lists: entry i of an EN_ list renders entry i of the Chinese one.
const SUBJECTS = [
  '小明',
  '研究人员',
  '这座城市',
  '我们的团队',
  '老师',
  '工程师',
  '这本书',
  '农民',
  '学生们',
  '医生',
];
const VERBS = ['发现了', '讨论了', '介绍了', '改进了', '记录了', '解释了', '比较了', '总结了'];
const OBJECTS = [
  '新的方法',
  '数据的质量',
  '一个有趣的问题',
  '天气的变化',
  '历史上的故事',
  '训练的过程',
  '模型的结构',
  '河流的走向',
];
const TAILS = [
  '，结果令人满意。',
  '，大家都很感兴趣。',
  '，并提出了建议。',
  '，这需要更多时间。',
  '。',
  '，效果比预期更好。',
];
const EN_SUBJECTS = [
  'Xiao Ming',
  'the researchers',
  'this city',
  'our team',
  'the teacher',
  'the engineer',
  'this book',
  'the farmers',
  'the students',
  'the doctor',
];
const EN_VERBS = [
  'found',
  'discussed',
  'introduced',
  'improved',
  'recorded',
  'explained',
  'compared',
  'summarized',
];
const EN_OBJECTS = [
  'a new method',
  'the quality of the data',
  'an interesting question',
  'the change in the weather',
  'a story from history',
  'the training process',
  'the structure of the model',
  'the course of the river',
];
const QUESTIONS = [
  '如何提高学习效率？',
  '为什么天空是蓝色的？',
  '怎样保存新鲜蔬菜？',
  '什么是机器学习？',
  '怎么写好一篇文章？',
];

export interface DemoCorpus {
  root: string;
  /** source name → input path for `convert`. */
  inputs: Record<string, string>;
}

/** Write the demo corpus under `root` and return where each source's input lies. */
export async function writeDemoCorpus(root: string, recordsPerSource = 200, seed = 42): Promise<DemoCorpus> {
  const rng = createRng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)] as T;
  const sentence = () => pick(SUBJECTS) + pick(VERBS) + pick(OBJECTS) + pick(TAILS);
  const paragraph = (n: number) => Array.from({ length: n }, sentence).join('');
  // "研究人员讨论了天气的变化。 The researchers discussed the change in the weather."
  const index = (n: number) => Math.floor(rng() * n);
  const bilingual = () => {
    const [s, v, o] = [index(SUBJECTS.length), index(VERBS.length), index(OBJECTS.length)];
    const en = `${EN_SUBJECTS[s]} ${EN_VERBS[v]} ${EN_OBJECTS[o]}.`;
    return `${SUBJECTS[s]}${VERBS[v]}${OBJECTS[o]}。 ${en[0]!.toUpperCase()}${en.slice(1)}`;
  };
  const bilingualParagraph = (n: number) => Array.from({ length: n }, bilingual).join('\n');
  // Full-width digits/letters and \r\n exercise NFKC and \r removal; short answers exercise the 20-char gate.
  const fullWidth = (s: string) =>
    s.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
  const lines = (rows: unknown[]) => `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`;
  const n = recordsPerSource;

  const baiduQa = Array.from({ length: n }, (_, i) => ({
    qid: `qid_${i}`,
    category: '教育/科学',
    title: `${pick(QUESTIONS)}${fullWidth(`No${i}`)}`,
    desc: '',
    answer: i % 17 === 0 ? '好' : `${sentence()}\r\n${paragraph(2)}`,
  }));
  const baike = Array.from({ length: n }, (_, i) => ({
    title: `词条${i}`,
    summary: i % 3 === 0 ? null : paragraph(2),
    sections:
      i % 11 === 0
        ? []
        : [
            { title: '简介', content: paragraph(3) },
            { title: '历史', content: i % 2 ? paragraph(2) : '' },
          ],
    tags: ['示例'],
    url: `https://example.invalid/view/${i}`,
  }));
  const belle = Array.from({ length: n }, (_, i) => ({
    conversations: Array.from({ length: 1 + (i % 3) }, () => [
      { from: 'human', value: pick(QUESTIONS) },
      { from: 'assistant', value: paragraph(2) },
    ]).flat(),
    id: String(i),
  }));
  const wiki = Array.from({ length: n }, (_, i) => ({
    completion: i % 23 === 0 ? '短条目' : paragraph(4),
    source: 'demo',
  }));
  const sky = Array.from({ length: n }, () => ({ text: bilingualParagraph(4) }));

  const inputs: Record<string, string> = {};
  const put = async (source: string, file: string, data: string | Uint8Array) => {
    const dir = join(root, source);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, file), data);
    inputs[source] = dir;
  };
  await put('baidu_qa', 'baike_qa_demo.json', lines(baiduQa));
  await put('baidu_baike', 'baidubaike_demo.json', lines(baike));
  await put('belle_3_5m', 'belle_conversations_demo.jsonl.gz', gzipSync(lines(belle)));
  // zh-Wikipedia ships one pretty-printed JSON array.
  await put('wiki_cn', 'wikipedia_demo.json', `${JSON.stringify(wiki, null, 2)}\n`);
  await put('skypile', 'skypile_demo.jsonl', lines(sky));
  return { root, inputs };
}
