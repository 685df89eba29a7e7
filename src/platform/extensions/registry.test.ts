import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  contribute,
  defineSlot,
  type Extension,
  Extensions,
  type Hook,
  type Panel,
  type PanelSlot,
} from './registry.js';

interface PageInput {
  readonly ids: readonly number[];
}
interface PageRegions {
  banner(view: string): JSX.Element;
  row(view: string, id: number): JSX.Element;
}
const pageSlot: PanelSlot<PageInput, PageRegions> = defineSlot('test.page');
const hookSlot = defineSlot<Hook<{ trail: string[] }>>('test.hook');

/** A logger that keeps what it was told. */
function recordingLog() {
  const errors: { details: Record<string, unknown>; message: string }[] = [];
  return {
    errors,
    error: (details: object, message: string) => errors.push({ details: { ...details }, message }),
  };
}

function extension(module: string, ...contributions: ReturnType<typeof contribute>[]): Extension {
  return { module, contributions };
}

function panel(
  id: string,
  order: number | undefined,
  regions: Partial<PageRegions> | undefined,
  loads?: PageInput[],
): Panel<PageInput, PageRegions> {
  return {
    id,
    ...(order === undefined ? {} : { order }),
    async load(input) {
      loads?.push(input);
      return regions;
    },
  };
}

describe('extension registry', () => {
  test('contributions come in order, then by id, whichever module adds them first', async () => {
    const log = recordingLog();
    const registry = new Extensions(
      [
        extension('late', contribute(pageSlot, panel('late.b', 200, { banner: () => '<b>' }))),
        extension(
          'mixed',
          contribute(pageSlot, panel('mixed.z', undefined, { banner: () => '<z>' })),
          contribute(pageSlot, panel('mixed.a', undefined, { banner: () => '<a>' })),
        ),
        extension('early', contribute(pageSlot, panel('early.c', 10, { banner: () => '<c>' }))),
      ],
      log,
    );
    assert.deepEqual(
      registry.list(pageSlot).map((c) => c.id),
      ['early.c', 'mixed.a', 'mixed.z', 'late.b'],
    );
    const loaded = await registry.load(pageSlot, { ids: [] });
    assert.equal(loaded.render('banner', 'v'), '<c><a><z><b>');
    assert.deepEqual(log.errors, []);
  });

  test('the same id twice in a slot is refused at start-up', () => {
    assert.throws(
      () =>
        new Extensions(
          [
            extension('one', contribute(pageSlot, panel('dup.x', 1, {}))),
            extension('two', contribute(pageSlot, panel('dup.x', 2, {}))),
          ],
          recordingLog(),
        ),
      /contributed twice/,
    );
  });

  test('a panel that fails to load or to render is logged and left out; the others render', async () => {
    const log = recordingLog();
    const registry = new Extensions(
      [
        extension(
          'm',
          contribute(pageSlot, panel('m.ok', 1, { banner: (v) => `<ok ${v}>`, row: (_v, id) => `<r${id}>` })),
          contribute(pageSlot, {
            id: 'm.load-fails',
            order: 2,
            load: async () => {
              throw new Error('database is down');
            },
          }),
          contribute(pageSlot, {
            id: 'm.throws-at-once',
            order: 3,
            load: (() => {
              throw new Error('not even a promise');
            }) as Panel<PageInput, PageRegions>['load'],
          }),
          contribute(
            pageSlot,
            panel('m.render-fails', 4, {
              banner: () => {
                throw new Error('bad markup');
              },
            }),
          ),
          contribute(pageSlot, panel('m.nothing', 5, undefined)),
        ),
      ],
      log,
    );
    const loaded = await registry.load(pageSlot, { ids: [1] });
    assert.equal(loaded.render('banner', 'v'), '<ok v>');
    assert.equal(loaded.render('row', 'v', 7), '<r7>');
    assert.deepEqual(
      log.errors.map((e) => [e.details.contribution, e.details.stage, e.details.slot]),
      [
        ['m.load-fails', 'load', 'test.page'],
        ['m.throws-at-once', 'load', 'test.page'],
        ['m.render-fails', 'banner', 'test.page'],
      ],
    );
    assert.ok(log.errors.every((e) => e.details.err instanceof Error));
  });

  test('an async renderer that rejects is left out of the joined markup', async () => {
    const log = recordingLog();
    const registry = new Extensions(
      [
        extension(
          'm',
          contribute(pageSlot, panel('m.a', 1, { banner: () => Promise.resolve('<a>') })),
          contribute(pageSlot, panel('m.b', 2, { banner: () => Promise.reject(new Error('late failure')) })),
          contribute(pageSlot, panel('m.c', 3, { banner: () => '<c>' })),
        ),
      ],
      log,
    );
    const loaded = await registry.load(pageSlot, { ids: [] });
    assert.equal(await loaded.render('banner', 'v'), '<a><c>');
    assert.equal(log.errors.length, 1);
    assert.equal(log.errors[0]?.details.contribution, 'm.b');
  });

  test('a list loads once per panel for all of its rows, and the loads run in parallel', async () => {
    const loads: PageInput[] = [];
    let running = 0;
    let most = 0;
    const slow = (id: string): Panel<PageInput, PageRegions> => ({
      id,
      async load(input) {
        loads.push(input);
        running += 1;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, 20));
        running -= 1;
        const known = new Set(input.ids);
        return { row: (_v, rowId) => (known.has(rowId) ? `<${id}:${rowId}>` : '') };
      },
    });
    const registry = new Extensions(
      [extension('m', contribute(pageSlot, slow('m.one')), contribute(pageSlot, slow('m.two')))],
      recordingLog(),
    );
    const loaded = await registry.load(pageSlot, { ids: [1, 2, 3] });
    const rows = [1, 2, 3].map((id) => loaded.render('row', 'v', id));
    assert.deepEqual(rows, ['<m.one:1><m.two:1>', '<m.one:2><m.two:2>', '<m.one:3><m.two:3>']);
    assert.equal(loads.length, 2, 'one load per panel, not one per row');
    assert.equal(most, 2, 'both panels loaded at the same time');
  });

  test('first() gives the first non-empty markup in order; offers() says whether a region is used', async () => {
    const registry = new Extensions(
      [
        extension(
          'm',
          contribute(pageSlot, panel('m.empty', 1, { banner: () => '' })),
          contribute(pageSlot, panel('m.full', 2, { banner: () => '<full>' })),
          contribute(pageSlot, panel('m.later', 3, { banner: () => '<later>' })),
        ),
      ],
      recordingLog(),
    );
    const loaded = await registry.load(pageSlot, { ids: [] });
    assert.equal(loaded.first('banner', 'v'), '<full>');
    assert.equal(loaded.offers('banner'), true);
    assert.equal(loaded.offers('row'), false);
    assert.equal(loaded.render('row', 'v', 1), '');
  });

  test('a slot without contributions renders nothing', async () => {
    const registry = new Extensions([], recordingLog());
    const loaded = await registry.load(pageSlot, { ids: [1] });
    assert.equal(loaded.render('banner', 'v'), '');
    assert.equal(loaded.first('banner', 'v'), undefined);
  });

  test('hooks run one after the other in order, and an error stops the caller', async () => {
    const registry = new Extensions(
      [
        extension(
          'm',
          contribute(hookSlot, {
            id: 'm.second',
            order: 2,
            run: async ({ trail }) => void trail.push('second'),
          }),
          contribute(hookSlot, {
            id: 'm.first',
            order: 1,
            run: async ({ trail }) => void trail.push('first'),
          }),
        ),
      ],
      recordingLog(),
    );
    const trail: string[] = [];
    await registry.run(hookSlot, { trail });
    assert.deepEqual(trail, ['first', 'second']);

    const failing = new Extensions(
      [
        extension(
          'm',
          contribute(hookSlot, {
            id: 'm.fails',
            run: async () => {
              throw new Error('index write failed');
            },
          }),
        ),
      ],
      recordingLog(),
    );
    await assert.rejects(failing.run(hookSlot, { trail: [] }), /index write failed/);
  });
});
