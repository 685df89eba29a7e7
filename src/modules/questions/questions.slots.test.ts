import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { answerViaApi, askViaApi, getPage } from '../../../test/community.js';
import { buildTestApp, registerMember } from '../../../test/helpers.js';
import { contribute, type Extension } from '../../platform/extensions/index.js';
import {
  type QuestionListInput,
  type QuestionPageInput,
  questionListSlot,
  questionPageSlot,
  questionWrittenSlot,
} from './index.js';

/** A module that plugs into every questions slot, records what it was given, and fails on demand. */
function probe(options: { failWrites?: boolean } = {}) {
  const listLoads: Pick<QuestionListInput, 'questionIds' | 'list'>[] = [];
  const pageLoads: Pick<QuestionPageInput, 'answers'>[] = [];
  const written: number[] = [];
  const extension: Extension = {
    module: 'probe',
    contributions: [
      contribute(questionPageSlot, {
        id: 'probe.broken',
        order: 1,
        load: async () => {
          throw new Error('probe panel is broken');
        },
      }),
      contribute(questionPageSlot, {
        id: 'probe.page',
        async load({ question, answers }) {
          pageLoads.push({ answers });
          return {
            banner: () => `<p data-testid="probe-banner">${question.id}</p>`,
            answerActions: (_view, answer) => `<i data-testid="probe-action">${answer.id}</i>`,
            sidebar: () => {
              throw new Error('probe sidebar is broken');
            },
          };
        },
      }),
      contribute(questionListSlot, {
        id: 'probe.list',
        async load({ questionIds, list }) {
          listLoads.push({ questionIds, list });
          return { badge: (_view, id) => `<b data-testid="probe-badge">${id}</b>` };
        },
      }),
      contribute(questionWrittenSlot, {
        id: 'probe.written',
        async run({ questionId }) {
          if (options.failWrites) throw new Error('probe refuses the write');
          written.push(questionId);
        },
      }),
    ],
  };
  return { extension, listLoads, pageLoads, written };
}

const matches = (html: string, testId: string) =>
  [...html.matchAll(new RegExp(`data-testid="${testId}">(\\d+)<`, 'g'))].map((m) => Number(m[1]));

describe('questions extension points', () => {
  test('the question page renders every healthy panel and leaves a failing one out', async (t) => {
    const { extension, pageLoads } = probe();
    const { app, clock } = await buildTestApp(t, {}, { extensions: [extension] });
    const asker = await registerMember(app);
    const answerer = await registerMember(app);
    const question = await askViaApi(asker);
    const first = await answerViaApi(asker, question.id);
    clock.advance(60);
    const second = await answerViaApi(answerer, question.id);

    const html = await getPage(app, `/questions/${question.id}/${encodeURIComponent(question.slug)}`);
    // The answers the page loaded, handed to every panel: none needs to read them again.
    assert.deepEqual(
      pageLoads.map(({ answers }) =>
        answers.map((answer) => [answer.id, answer.authorId, answer.score, answer.deleted]),
      ),
      [
        [
          [first, asker.userId, 0, false],
          [second, answerer.userId, 0, false],
        ],
      ],
    );
    assert.deepEqual(matches(html, 'probe-banner'), [question.id]);
    assert.deepEqual(matches(html, 'probe-action').sort(), [first, second].sort());
    // The related box (search's panel) is still there beside the probe.
    assert.match(html, /data-testid="related-box"/);
    // The only sidebar renderer threw: the page stays one column.
    assert.doesNotMatch(html, /question-sidebar/);
  });

  test('each list loads its panels once, with every question on the page', async (t) => {
    const { extension, listLoads } = probe();
    const { app } = await buildTestApp(t, {}, { extensions: [extension] });
    const asker = await registerMember(app);
    const ids: number[] = [];
    for (let i = 0; i < 3; i += 1) ids.push((await askViaApi(asker, { tags: ['slots'] })).id);

    for (const [path, list] of [
      ['/', 'questions'],
      ['/questions', 'questions'],
      ['/tags/slots', 'tag'],
      ['/search?q=question', 'search'],
    ] as const) {
      listLoads.length = 0;
      const html = await getPage(app, path);
      assert.equal(listLoads.length, 1, `${path}: one load for the whole list`);
      assert.equal(listLoads[0]?.list, list);
      assert.deepEqual([...(listLoads[0]?.questionIds ?? [])].sort(), [...ids].sort(), path);
      assert.deepEqual(matches(html, 'probe-badge').sort(), [...ids].sort(), path);
    }
  });

  test('every question write fires the written hook in its transaction; a failing hook undoes the write', async (t) => {
    const healthy = probe();
    const { app } = await buildTestApp(t, {}, { extensions: [healthy.extension] });
    const asker = await registerMember(app);
    const question = await askViaApi(asker);
    await answerViaApi(asker, question.id);
    assert.deepEqual(healthy.written, [question.id, question.id]);

    const failing = probe({ failWrites: true });
    const broken = await buildTestApp(t, {}, { extensions: [failing.extension] });
    const member = await registerMember(broken.app);
    const response = await member.inject({
      method: 'POST',
      url: '/api/v1/questions',
      payload: {
        title: 'Will this question be kept?',
        body: 'A body long enough to be accepted as a post.',
        tags: ['x'],
      },
    });
    assert.equal(response.statusCode, 500);
    const { count } = await broken.database.db
      .selectFrom('questions')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(count), 0);
  });
});
