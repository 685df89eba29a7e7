import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { contribute, Extensions } from '../../platform/extensions/index.js';
import { type MessageKey, type MessageParams, translate } from '../../platform/i18n/index.js';
import { type StatementLineRenderer, statementLineSlot } from '../ledger/index.js';
import { describeStatementLine, statementLineParts, statementLineRenderers } from './statement.present.js';
import { StatementLineText } from './views/statement-line.js';

const en = (key: MessageKey, params?: MessageParams) => translate('en', key, params);

/** A logger that keeps what it was told. */
function recordingLog() {
  const errors: { details: Record<string, unknown>; message: string }[] = [];
  return {
    errors,
    error: (details: object, message: string) => errors.push({ details: { ...details }, message }),
  };
}

function registry(log: ReturnType<typeof recordingLog>, ...renderers: StatementLineRenderer[]): Extensions {
  return new Extensions(
    [{ module: 'test', contributions: renderers.map((renderer) => contribute(statementLineSlot, renderer)) }],
    log,
  );
}

const topup = { facts: { what: 'topup', reference: 'T42', gateway: 'dev' }, memo: 'Top-up T42' };

describe('statement-line renderers', () => {
  test('contributions speak first, in their order; the catalogue rule says what none knows', () => {
    const log = recordingLog();
    const renderers = statementLineRenderers(
      registry(
        log,
        { id: 'test.late', order: 50, render: () => ['late'] },
        {
          id: 'test.early',
          order: 5,
          render: (facts) =>
            facts.what === 'thing.done' ? ['early ', { text: 'link', href: '/x/1' }] : undefined,
        },
      ),
      log,
    );
    assert.deepEqual(statementLineParts({ facts: { what: 'thing.done' }, memo: null }, en, renderers), [
      'early ',
      { text: 'link', href: '/x/1' },
    ]);
    assert.deepEqual(statementLineParts(topup, en, renderers), ['late']);
    assert.equal(
      describeStatementLine({ facts: { what: 'thing.done' }, memo: null }, en, renderers),
      'early link',
    );
    assert.equal(
      describeStatementLine(topup, en, statementLineRenderers(registry(log), log)),
      'Top-up T42 via Test cashier (no real money)',
    );
    assert.deepEqual(log.errors, []);
  });

  test('a renderer that throws is logged and the next one says the line, the catalogue rule last', () => {
    const log = recordingLog();
    const renderers = statementLineRenderers(
      registry(log, {
        id: 'test.broken',
        render: () => {
          throw new Error('bad facts');
        },
      }),
      log,
    );
    assert.equal(describeStatementLine(topup, en, renderers), 'Top-up T42 via Test cashier (no real money)');
    assert.deepEqual(
      log.errors.map((e) => [e.details.slot, e.details.contribution, e.details.stage, e.message]),
      [['ledger.statement-line', 'test.broken', 'render', 'extension failed to render']],
    );
    assert.ok(log.errors[0]?.details.err instanceof Error);
  });

  test('the page shows links to this site only, everything escaped; lines without words show the placeholder', async () => {
    const ctx = { text: en } as Parameters<typeof StatementLineText>[0]['ctx'];
    const renderers = statementLineRenderers(
      registry(recordingLog(), {
        id: 'test.links',
        render: (facts) =>
          facts.what === 'thing.done'
            ? [
                '<b>',
                { text: 'here', href: '/things/1' },
                ' · ',
                { text: 'away', href: '//evil.example/x' },
                { text: 'script', href: 'javascript:alert(1)' },
              ]
            : undefined,
      }),
      recordingLog(),
    );
    const html = await StatementLineText({
      ctx,
      line: { facts: { what: 'thing.done' }, memo: null },
      renderers,
    });
    assert.equal(html, '&lt;b><a href="/things/1">here</a> · awayscript');
    assert.equal(
      await StatementLineText({ ctx, line: { facts: null, memo: null }, renderers, empty: '—' }),
      '—',
    );
  });
});
