// `npm run demo:fixture [-- --data DIR --out DIR]`: builds fixtures/demo, the small sample that
// seedDemo loads into an empty embedded database, from ../shared/data. Deterministic: the same
// data gives byte-identical files (records in source order, gzip without a timestamp).
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gunzipSync, gzipSync } from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Stack Exchange sites in the sample and how many of each site's best-scored answered questions
 * it takes. The newest site (genai, 2023) leads, so the English first screen is about today's
 * topics; dba_meta stays out: it is a meta site (discussions about a site, not technical Q&A).
 */
const ANSWERED_PER_SITE: Record<string, number> = {
  genai: 32,
  ai: 27,
  quantumcomputing: 27,
  cardano: 27,
  iot: 22,
};
/** Per site, the most viewed unanswered questions (a living list has some). */
const UNANSWERED_PER_SITE = 3;
/** Answers kept per question: the accepted one, then the best scored. */
const ANSWERS_PER_QUESTION = 3;
/** Threads (question + kept answers) longer than this are passed over, to keep the sample small. */
const MAX_THREAD_CHARS = 6_000;
/** Comments kept per post (the first ones). */
const COMMENTS_PER_POST = 5;
/**
 * Chinese FAQ items per source. Only zh_tech_faq: its licences allow redistribution, while the
 * zh_so_java_top_qa repository has no licence file (see the data README), so it stays out of a
 * committed sample.
 */
const FAQ_PER_SOURCE: Record<string, number> = { tidb: 35, mindspore: 30, paddle: 25 };
/** FAQ items that read as a question someone asks, with an answer of a forum post's length. */
const FAQ_QUESTION = /[？?]$|吗|如何|怎么|怎样|为什么|为何|什么|是否|能否|可以|哪些|多少|原因/u;
const FAQ_ANSWER_CHARS = { min: 60, max: 1_500 };
/**
 * FAQ items have no dates: each gets a plausible one, spread over these two years by a hash of its
 * id (stable across rebuilds), in Chinese daytime; its answer follows within two days. View counts
 * are made up the same way. The fixture README says so.
 */
const FAQ_DATES = { from: Date.UTC(2022, 11, 1), to: Date.UTC(2024, 11, 1) };

type Rec = Record<string, unknown>;
interface SeRec extends Rec {
  site: string;
  id: number;
}

function readJsonl<T>(file: string): T[] {
  const raw = readFileSync(file);
  const text = file.endsWith('.gz') ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
}

function writeJsonl(file: string, records: readonly object[]): number {
  mkdirSync(dirname(file), { recursive: true });
  const text = records.map((record) => `${JSON.stringify(record)}\n`).join('');
  // zlib's header carries no file name and mtime 0: rebuilds are byte-identical.
  writeFileSync(file, gzipSync(Buffer.from(text, 'utf8'), { level: 9 }));
  return records.length;
}

const key = (site: string, id: unknown) => `${site}:${String(id)}`;
const num = (value: unknown) => (typeof value === 'number' ? value : 0);
const chars = (record: Rec) => String(record.body_html ?? '').length;

/** Evenly spaced picks, first and last included: a spread across the source, not its head. */
function spread<T>(items: readonly T[], count: number): T[] {
  if (items.length <= count) return [...items];
  return Array.from(
    { length: count },
    (_, i) => items[Math.round((i * (items.length - 1)) / (count - 1))] as T,
  );
}

function buildStackExchange(dataDir: string, outDir: string): Record<string, number> {
  const inDir = join(dataDir, 'se_tech');
  const sites = JSON.parse(readFileSync(join(inDir, 'sites.json'), 'utf8')) as Array<{ site: string }>;
  const questions = readJsonl<SeRec>(join(inDir, 'questions.jsonl.gz'));
  const answers = readJsonl<SeRec>(join(inDir, 'answers.jsonl.gz'));
  const answersOf = new Map<string, SeRec[]>();
  for (const answer of answers) {
    const k = key(answer.site, answer.question_id);
    answersOf.set(k, [...(answersOf.get(k) ?? []), answer]);
  }
  const keptAnswers = (question: SeRec): SeRec[] =>
    [...(answersOf.get(key(question.site, question.id)) ?? [])]
      .sort(
        (a, b) => Number(b.is_accepted) - Number(a.is_accepted) || num(b.score) - num(a.score) || a.id - b.id,
      )
      .slice(0, ANSWERS_PER_QUESTION);
  const threadChars = (question: SeRec) =>
    chars(question) + keptAnswers(question).reduce((n, a) => n + chars(a), 0);

  const chosen = new Set<string>();
  for (const [site, answeredCount] of Object.entries(ANSWERED_PER_SITE)) {
    const own = questions.filter((q) => q.site === site && threadChars(q) <= MAX_THREAD_CHARS);
    const byScore = (a: SeRec, b: SeRec) => num(b.score) - num(a.score) || a.id - b.id;
    const answered = own.filter((q) => (answersOf.get(key(site, q.id)) ?? []).length > 0).sort(byScore);
    const unanswered = own
      .filter((q) => (answersOf.get(key(site, q.id)) ?? []).length === 0)
      .sort((a, b) => num(b.view_count) - num(a.view_count) || a.id - b.id);
    for (const q of [...answered.slice(0, answeredCount), ...unanswered.slice(0, UNANSWERED_PER_SITE)]) {
      chosen.add(key(site, q.id));
    }
  }

  const pickedQuestions = questions.filter((q) => chosen.has(key(q.site, q.id)));
  const answerKeys = new Set(pickedQuestions.flatMap((q) => keptAnswers(q).map((a) => key(a.site, a.id))));
  const pickedAnswers = answers.filter((a) => answerKeys.has(key(a.site, a.id)));
  const posts = new Set([...chosen, ...answerKeys]);

  const perPost = new Map<string, number>();
  const pickedComments = readJsonl<SeRec>(join(inDir, 'comments.jsonl.gz')).filter((c) => {
    const post = key(c.site, c.post_id);
    if (!posts.has(post)) return false;
    const n = (perPost.get(post) ?? 0) + 1;
    perPost.set(post, n);
    return n <= COMMENTS_PER_POST;
  });
  const pickedVotes = readJsonl<SeRec>(join(inDir, 'votes.jsonl.gz')).filter((v) =>
    posts.has(key(v.site, v.post_id)),
  );

  const people = new Set<string>();
  for (const post of [...pickedQuestions, ...pickedAnswers]) people.add(key(post.site, post.owner_user_id));
  for (const comment of pickedComments) people.add(key(comment.site, comment.user_id));
  const pickedUsers = readJsonl<SeRec>(join(inDir, 'users.jsonl.gz')).filter((u) =>
    people.has(key(u.site, u.id)),
  );

  const tagNames = new Set(pickedQuestions.flatMap((q) => (q.tags as string[]).map((t) => key(q.site, t))));
  const pickedTags = readJsonl<SeRec>(join(inDir, 'tags.jsonl.gz')).filter((t) =>
    tagNames.has(key(t.site, t.name)),
  );

  const out = join(outDir, 'se_tech');
  const kept = sites.filter(({ site }) => site in ANSWERED_PER_SITE);
  writeFileSync(join(mkdirp(out), 'sites.json'), `${formatJson(kept)}\n`);
  return {
    'se_tech questions': writeJsonl(join(out, 'questions.jsonl.gz'), pickedQuestions),
    'se_tech answers': writeJsonl(join(out, 'answers.jsonl.gz'), pickedAnswers),
    'se_tech comments': writeJsonl(join(out, 'comments.jsonl.gz'), pickedComments),
    'se_tech votes': writeJsonl(join(out, 'votes.jsonl.gz'), pickedVotes),
    'se_tech users': writeJsonl(join(out, 'users.jsonl.gz'), pickedUsers),
    'se_tech tags': writeJsonl(join(out, 'tags.jsonl.gz'), pickedTags),
  };
}

/** A number in [0, 1) from a hash of the text: stable "randomness" for made-up fields. */
function unit(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0) / 2 ** 32;
}

/** The made-up fields of one FAQ item: when it was asked and answered, and its views. */
function faqActivity(id: string): Rec {
  const day =
    FAQ_DATES.from +
    Math.floor(unit(`day:${id}`) * ((FAQ_DATES.to - FAQ_DATES.from) / 86_400_000)) * 86_400_000;
  // 09:00–23:00 in China (UTC+8) is 01:00–15:00 UTC.
  const asked = day + Math.floor((1 + unit(`time:${id}`) * 14) * 3_600_000);
  const answered = asked + Math.floor((0.25 + unit(`answer:${id}`) * 47.75) * 3_600_000);
  return {
    creation_date: new Date(asked).toISOString(),
    answer_creation_date: new Date(answered).toISOString(),
    view_count: 20 + Math.floor(unit(`views:${id}`) ** 2 * 1_500),
  };
}

function buildFaq(dataDir: string, outDir: string): Record<string, number> {
  const records = readJsonl<Rec>(join(dataDir, 'zh_tech_faq', 'questions.jsonl.gz'));
  const picked = new Set<Rec>();
  for (const [source, count] of Object.entries(FAQ_PER_SOURCE)) {
    const candidates = records.filter((r) => {
      const answer = String(r.answer_md ?? '').length;
      return (
        r.source === source &&
        FAQ_QUESTION.test(String(r.title)) &&
        answer >= FAQ_ANSWER_CHARS.min &&
        answer <= FAQ_ANSWER_CHARS.max
      );
    });
    for (const record of spread(candidates, count)) picked.add(record);
  }
  return {
    'zh_tech_faq items': writeJsonl(
      join(outDir, 'zh_tech_faq', 'questions.jsonl.gz'),
      records.filter((r) => picked.has(r)).map((r) => ({ ...r, ...faqActivity(String(r.id)) })),
    ),
  };
}

/** JSON laid out as the repository's formatter (Biome) leaves it: objects open, short scalar arrays inline. */
function formatJson(value: unknown, indent = ''): string {
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.every((item) => item === null || typeof item !== 'object')) {
      return `[${value.map((item) => JSON.stringify(item)).join(', ')}]`;
    }
    return `[\n${value.map((item) => inner + formatJson(item, inner)).join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).map(
      ([k, v]) => `${inner}${JSON.stringify(k)}: ${formatJson(v, inner)}`,
    );
    return `{\n${entries.join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}

function mkdirp(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return dir;
}

function main(): void {
  const { values } = parseArgs({ options: { data: { type: 'string' }, out: { type: 'string' } } });
  const dataDir = resolve(values.data ?? join(root, '..', 'shared', 'data'));
  const outDir = resolve(values.out ?? join(root, 'fixtures', 'demo'));
  for (const sub of ['se_tech', 'zh_tech_faq', 'zh_so_java_top_qa'])
    rmSync(join(outDir, sub), { recursive: true, force: true });
  const counts = { ...buildStackExchange(dataDir, outDir), ...buildFaq(dataDir, outDir) };
  let bytes = 0;
  for (const file of [
    'se_tech/sites.json',
    ...['questions', 'answers', 'comments', 'votes', 'users', 'tags'].map((n) => `se_tech/${n}.jsonl.gz`),
    'zh_tech_faq/questions.jsonl.gz',
  ]) {
    bytes += statSync(join(outDir, file)).size;
  }
  for (const [what, n] of Object.entries(counts)) process.stdout.write(`${what.padEnd(20)} ${n}\n`);
  process.stdout.write(`written to ${outDir}: ${(bytes / 1024).toFixed(0)} KiB\n`);
}

main();
