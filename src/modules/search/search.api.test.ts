import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { answerAs, askAs, buildTestApp, registerMember, type Session } from '../../../test/helpers.js';
import { grantReputation } from '../reputation/reputation.test-support.js';
import { reindexSearch } from './index.js';

type App = Awaited<ReturnType<typeof buildTestApp>>['app'];

async function search(app: App, q: string, extra = '') {
  const response = await app.inject({
    method: 'GET',
    url: `/api/v1/search?q=${encodeURIComponent(q)}${extra}`,
  });
  assert.equal(response.statusCode, 200, response.body);
  return response.json() as {
    items: Array<{ id: number; title: string; titleHtml: string; snippetHtml: string }>;
    total: number;
    relaxed: boolean;
    suggestion: string | null;
    warnings: string[];
    query: string;
  };
}

const ids = (result: { items: Array<{ id: number }> }) => result.items.map((i) => i.id);

async function community(t: Parameters<typeof buildTestApp>[0]) {
  const built = await buildTestApp(t);
  const alice = await registerMember(built.app);
  const bob = await registerMember(built.app);
  const gil = await askAs(alice, {
    title: 'Why does the Python GIL slow down my threads?',
    body: 'My CPU bound code with the threading module does not get faster with more threads on CPython.',
    tags: ['python', 'multithreading'],
  });
  const effect = await askAs(bob, {
    title: 'React useEffect runs twice in development',
    body: 'In strict mode my effect with an empty dependency array fires two times when the component mounts.',
    tags: ['reactjs'],
  });
  const entangle = await askAs(alice, {
    title: 'What is quantum entanglement in simple words?',
    body: 'I read that two qubits can be correlated. How is this different from classical correlation?',
    tags: ['quantum'],
  });
  return { ...built, alice, bob, gil, effect, entangle };
}

describe('search', () => {
  test('votes, accepted answers and deletions reach the ranking without re-indexing the text', async (t) => {
    const { app, database, alice, bob, gil, effect, entangle } = await community(t);
    const documents = async () =>
      (
        await sql<{ id: number; score: number; accepted: boolean; answered: boolean }>`
          select question_id::int as id, score, accepted, answered from search_documents
          order by question_id`.execute(database.db)
      ).rows;
    const before = await documents();
    assert.deepEqual(
      before.map((d) => [d.id, d.score, d.accepted, d.answered]),
      [gil, effect, entangle].map((q) => [q.id, 0, false, false]),
    );

    await grantReputation(database.db, alice.userId, 14);
    const vote = await alice.inject({
      method: 'POST',
      url: `/api/v1/questions/${effect.id}/vote`,
      payload: { value: 1 },
    });
    assert.equal(vote.statusCode, 200, vote.body);
    const answer = await answerAs(
      bob,
      gil.id,
      'Use multiprocessing: each process has its own interpreter and GIL.',
    );
    const accept = await alice.inject({ method: 'POST', url: `/api/v1/answers/${answer.id}/accept` });
    assert.equal(accept.statusCode, 200, accept.body);
    assert.deepEqual(
      (await documents()).map((d) => [d.id, d.score, d.accepted, d.answered]),
      [
        [gil.id, 0, true, true],
        [effect.id, 1, false, false],
        [entangle.id, 0, false, false],
      ],
    );
    assert.deepEqual(ids(await search(app, 'is:accepted python')), [gil.id]);
    assert.deepEqual(ids(await search(app, 'score:1 react')), [effect.id]);
    const byVotes = await search(app, 'python react quantum', '&sort=votes');
    assert.equal(byVotes.relaxed, true);
    assert.deepEqual(ids(byVotes), [effect.id, entangle.id, gil.id]);

    // Deleted by any path (here plain SQL), a question leaves the index at once.
    await sql`update questions set deleted_at = now() where id = ${entangle.id}`.execute(database.db);
    assert.deepEqual(
      (await documents()).map((d) => d.id),
      [gil.id, effect.id],
    );
    assert.deepEqual(ids(await search(app, 'entanglement')), []);
  });

  test('finds questions by words, stems, identifiers and tags; filters and sorts', async (t) => {
    const { app, alice, bob, gil, effect, entangle } = await community(t);
    assert.deepEqual(ids(await search(app, 'python threads')), [gil.id]);
    // Stemming: "thread" finds "threads"; identifier parts: "effect" finds "useEffect".
    assert.deepEqual(ids(await search(app, 'thread')), [gil.id]);
    assert.deepEqual(ids(await search(app, 'useEffect')), [effect.id]);
    assert.deepEqual(ids(await search(app, '[python]')), [gil.id]);
    assert.deepEqual(ids(await search(app, `user:${bob.userId}`)), [effect.id]);
    assert.deepEqual(ids(await search(app, 'is:unanswered [quantum]')), [entangle.id]);
    await answerAs(
      bob,
      gil.id,
      'The GIL lets one thread run Python bytecode at a time: use multiprocessing.',
    );
    assert.deepEqual(ids(await search(app, 'is:answered')), [gil.id]);
    assert.deepEqual(ids(await search(app, 'multiprocessing')), [gil.id], 'answers are indexed');
    assert.deepEqual(ids(await search(app, 'is:accepted')), []);
    assert.deepEqual(ids(await search(app, `user:${alice.userId} -[python]`)), [entangle.id]);
    assert.deepEqual(ids(await search(app, 'python -gil')), []);
    assert.deepEqual(ids(await search(app, '"two times"')), [effect.id]);
    assert.deepEqual(ids(await search(app, '"times two"')), []);
    assert.deepEqual(ids(await search(app, 'created:2000..2001')), []);
    assert.equal((await search(app, 'score:0')).total, 3);
    assert.equal((await search(app, '', '&sort=newest')).total, 0);
    const newest = await search(app, 'score:0', '&sort=newest');
    assert.deepEqual(ids(newest), [entangle.id, effect.id, gil.id]);
    const paged = await search(app, 'score:0', '&sort=newest&page=2&pageSize=2');
    assert.deepEqual(ids(paged), [gil.id]);
    const marked = await search(app, 'entanglement');
    assert.match(marked.items[0]!.titleHtml, /<mark>entanglement<\/mark>/);
  });

  test('when no question holds every word, questions holding some of them; did you mean', async (t) => {
    const { app, gil, entangle } = await community(t);
    const relaxed = await search(app, 'python kubernetes');
    assert.equal(relaxed.relaxed, true);
    assert.deepEqual(ids(relaxed), [gil.id]);
    const typo = await search(app, 'entenglement');
    assert.equal(typo.total, 0);
    assert.equal(typo.suggestion, 'entanglement');
    assert.deepEqual(ids(await search(app, typo.suggestion!)), [entangle.id]);
  });

  test('did you mean corrects each word by edits and use, and only offers a query that finds something', async (t) => {
    const { app, database, alice, bob } = await community(t);
    const nets = await askAs(alice, {
      title: 'How does a neural network learn its weights?',
      body: 'I understand the forward pass of a neural network but not how backpropagation updates weights.',
      tags: ['neural-networks'],
    });
    await askAs(bob, {
      title: 'Is a quantum computer faster for every problem?',
      body: 'People say a quantum computer beats classical ones; is that true for sorting a list?',
      tags: ['quantum'],
    });
    await askAs(bob, {
      title: 'Which quantum computer has the most qubits today?',
      body: 'Looking for the largest quantum computer that has been built so far, by qubit count.',
      tags: ['quantum'],
    });
    await askAs(alice, {
      title: 'Light quanta and the photoelectric effect',
      body: 'How did quanta of light explain the photoelectric effect, historically speaking?',
      tags: ['physics'],
    });
    await askAs(alice, {
      title: 'How do I compute a matrix inverse fast?',
      body: 'Which algorithm should I use to compute the inverse of a large sparse matrix?',
      tags: ['math'],
    });
    // Word counts are recounted by a reindex (between two, a new word counts 1).
    await reindexSearch(database.db);

    const both = await search(app, 'nueral netwrok');
    assert.equal(both.suggestion, 'neural network');
    assert.deepEqual(ids(await search(app, both.suggestion!)), [nets.id]);
    assert.equal((await search(app, 'nueral')).suggestion, 'neural');
    assert.equal((await search(app, 'quantm computr')).suggestion, 'quantum computer');
    // "netwrok" alone is a word away from "network", but "neural netwrok python" respelled still
    // finds no question with all three words: nothing is offered.
    const hopeless = await search(app, 'neural netwrok kubernetes');
    assert.equal(hopeless.suggestion, null);
  });

  test('absurd input never fails: huge, only operators, unbalanced quotes, tsquery and SQL syntax', async (t) => {
    const { app } = await community(t);
    const inputs = [
      'x'.repeat(10_000),
      'a '.repeat(5_000),
      '"unbalanced quote',
      "a & b | !c ( ) <-> :* ' \\ ;",
      "'); drop table questions; --",
      '!!! ||| &&& ::: *** <-> <2>',
      'is: user: score: created: [] [',
      '-',
      '中'.repeat(3_000),
      '\u200b\u200b',
      '🚀 🐍',
    ];
    for (const q of inputs) {
      const result = await search(app, q);
      assert.ok(Array.isArray(result.items), q.slice(0, 20));
    }
    assert.ok((await search(app, 'x'.repeat(10_000))).warnings.includes('search.warning.truncated'));
    assert.ok((await search(app, 'score:abc')).warnings.includes('search.warning.bad_operator'));
    // Control characters are refused at the edge, naming the field, before any search runs.
    const controls = await app.inject({ method: 'GET', url: '/api/v1/search?q=%00%01' });
    assert.equal(controls.statusCode, 422);
    assert.deepEqual(Object.keys(controls.json().error.fields), ['querystring.q']);
    const tooLong = await app.inject({ method: 'GET', url: `/api/v1/search?q=${'y'.repeat(20_001)}` });
    assert.equal(tooLong.statusCode, 422);
    const page = await app.inject({
      method: 'GET',
      url: `/search?q=${encodeURIComponent('"&|!('.repeat(2_000))}`,
    });
    assert.equal(page.statusCode, 200);
  });

  test('the index follows edits and deletions in the same transaction', async (t) => {
    const { app, alice, gil } = await community(t);
    const edited = await alice.inject({
      method: 'PATCH',
      url: `/api/v1/questions/${gil.id}`,
      payload: { title: 'Why does the Python interpreter lock slow down my workers?' },
    });
    assert.equal(edited.statusCode, 200, edited.body);
    assert.deepEqual(ids(await search(app, 'workers')), [gil.id]);
    assert.deepEqual(ids(await search(app, 'gil')), []);
    const deleted = await alice.inject({ method: 'DELETE', url: `/api/v1/questions/${gil.id}` });
    assert.ok(deleted.statusCode < 300, deleted.body);
    assert.deepEqual(ids(await search(app, 'workers')), []);
  });
});

describe('related and similar questions', () => {
  async function moreQuestions(member: Session) {
    return askAs(member, {
      title: 'Python threads are not faster because of the GIL',
      body: 'Threading in CPython: the global interpreter lock prevents parallel CPU work across threads.',
      tags: ['python'],
    });
  }

  test('related questions of a question, over the API and as a page fragment and page', async (t) => {
    const { app, alice, gil, entangle } = await community(t);
    const twin = await moreQuestions(alice);
    const api = await app.inject({ method: 'GET', url: `/api/v1/questions/${gil.id}/related` });
    assert.equal(api.statusCode, 200, api.body);
    const related = api.json().items as Array<{ id: number }>;
    assert.equal(related[0]?.id, twin.id);
    assert.ok(!related.some((r) => r.id === gil.id || r.id === entangle.id));
    const fragment = await app.inject({ method: 'GET', url: `/questions/${gil.id}/related?fragment=1` });
    assert.equal(fragment.statusCode, 200);
    assert.match(fragment.body, /data-testid="related-list"/);
    assert.ok(!fragment.body.includes('<html'));
    const page = await app.inject({ method: 'GET', url: `/questions/${gil.id}/related` });
    assert.match(page.body, /<html/);
    assert.ok(page.body.includes(`/questions/${twin.id}/`));
    const questionPage = await app.inject({
      method: 'GET',
      url: `/questions/${gil.id}/${encodeURIComponent(gil.slug)}`,
    });
    assert.match(questionPage.body, /data-testid="related-box"/);
    const missing = await app.inject({ method: 'GET', url: '/api/v1/questions/999999/related' });
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().error.code, 'question.not_found');
  });

  test('similar questions while typing a title (htmx fragment of plain links)', async (t) => {
    const { app, gil } = await community(t);
    const response = await app.inject({
      method: 'GET',
      url: `/search/similar?title=${encodeURIComponent('python GIL threads')}`,
      headers: { 'hx-request': 'true' },
    });
    assert.equal(response.statusCode, 200);
    assert.ok(response.body.includes(`href="/questions/${gil.id}/`));
    const short = await app.inject({ method: 'GET', url: '/search/similar?title=py' });
    assert.equal(short.body, '');
    const ask = await app.inject({ method: 'GET', url: '/questions/ask' });
    if (ask.statusCode === 200) assert.match(ask.body, /hx-get="\/search\/similar"/);
  });

  test('the search page escapes member text and marks the searched words', async (t) => {
    const { app, alice } = await community(t);
    await askAs(alice, {
      title: 'Escaping <script>alert(1)</script> in templates',
      body: 'The page shows <img src=x onerror=alert(2)> when I render user input in a template.',
      tags: ['html'],
    });
    const page = await app.inject({ method: 'GET', url: '/search?q=script+template' });
    assert.equal(page.statusCode, 200);
    assert.ok(!page.body.includes('<script>alert(1)'));
    assert.ok(!page.body.includes('<img src=x'));
    assert.match(page.body, /<mark>script<\/mark>/);
    const empty = await app.inject({ method: 'GET', url: '/search?q=' });
    assert.match(empty.body, /data-testid="search-empty"/);
    const none = await app.inject({ method: 'GET', url: '/search?q=zzzzqqq' });
    assert.match(none.body, /data-testid="search-none"/);
  });
});

describe('formulas in results', () => {
  test('titles and snippets of search results and related questions read formulas as text', async (t) => {
    const { app, alice, bob } = await community(t);
    const bell = await askAs(alice, {
      title: 'How is the Bell state $\\frac{1}{\\sqrt{2}}(|00\\rangle + |11\\rangle)$ measured?',
      body: 'After a Hadamard and a CNOT the qubits are in $|\\Phi^+\\rangle$; what does measuring qubit $q_0$ give?',
      tags: ['quantum'],
    });
    const twin = await askAs(bob, {
      title: 'Measuring one qubit of the Bell state $|\\Phi^+\\rangle$',
      body: 'If I measure the first qubit of a Bell pair, what happens to the second qubit of the Bell state?',
      tags: ['quantum'],
    });
    const result = await search(app, 'bell measuring');
    const item = result.items.find((i) => i.id === bell.id);
    assert.ok(item, JSON.stringify(result.items));
    assert.match(item.titleHtml, /1\/√2\(\|00⟩ \+ \|11⟩\)/);
    assert.match(item.snippetHtml, /\|Φ⁺⟩/);
    for (const html of [item.titleHtml, item.snippetHtml]) assert.doesNotMatch(html, /\\|\$|rangle|frac/);

    const related = await app.inject({ method: 'GET', url: `/api/v1/questions/${bell.id}/related` });
    const titles = (related.json().items as Array<{ id: number; title: string }>).filter(
      (r) => r.id === twin.id,
    );
    assert.deepEqual(
      titles.map((r) => r.title),
      ['Measuring one qubit of the Bell state |Φ⁺⟩'],
    );
    const page = await app.inject({ method: 'GET', url: `/questions/${bell.id}/related?fragment=1` });
    assert.match(page.body, /Measuring one qubit of the Bell state \|Φ⁺⟩/);
  });
});
