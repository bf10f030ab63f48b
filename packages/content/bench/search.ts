/**
 * `pnpm bench`: the resource center's search over 500 articles (what the panel runs on each
 * keystroke): building the index once, then queries of each kind: a word, a prefix being
 * typed, a typo, two words, nothing found. Articles are generated from a 400-word product
 * vocabulary with a fixed seed (bodies of 80–200 words, 3 tags), so runs are comparable.
 */
import { createArticleSearch, type SearchableArticle } from '../src/search.js';

let seed = 42;
const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
const roots = [
  'report',
  'export',
  'filter',
  'invite',
  'member',
  'billing',
  'invoice',
  'plan',
  'token',
  'webhook',
  'import',
  'sheet',
  'column',
  'project',
  'board',
  'label',
  'due',
  'remind',
  'calendar',
  'search',
];
const suffixes = ['', 's', 'ing', 'ed', 'er', 'able', 'ation', 'ment', 'ful', 'less', 'ive', 'ity', 'ize', 'al', 'ous', 'ent', 'ure', 'ship', 'hood', 'ness'];
const vocabulary = roots.flatMap((r) => suffixes.map((s) => r + s));
const words = (n: number) => Array.from({ length: n }, () => vocabulary[Math.floor(random() * vocabulary.length)]!).join(' ');
const articles: SearchableArticle[] = Array.from({ length: 500 }, (_, i) => ({
  id: `a${i}`,
  title: `${words(4)} ${i}`,
  body: words(80 + Math.floor(random() * 120)),
  tags: [words(1), words(1), words(1)],
}));

const t0 = performance.now();
const search = createArticleSearch(articles);
const built = performance.now() - t0;

const queries: Record<string, string> = { word: 'invoice', prefix: 'webho', typo: 'calendra', 'two words': 'export column', 'no result': 'kubernetes' };
console.log(`\nResource center search over ${articles.length} articles (MiniSearch; index built in ${built.toFixed(1)} ms)`);
for (const [kind, q] of Object.entries(queries)) {
  const times: number[] = [];
  let hits = 0;
  for (let i = 0; i < 200; i++) {
    const t = performance.now();
    hits = search.search(q).length;
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  console.log(`  ${kind.padEnd(10)} "${q}"`.padEnd(32) + `median ${times[100]!.toFixed(2)} ms, p99 ${times[197]!.toFixed(2)} ms (${hits} results)`);
}
