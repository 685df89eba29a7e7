import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';

const readme = await readFile(join(import.meta.dirname, '..', 'README.md'), 'utf8');

function section(title: string): string {
  const start = readme.indexOf(`## ${title}\n`);
  assert.ok(start >= 0, `no "${title}" section`);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

test('README: the introduction claims only what exists, and names what does not yet', () => {
  const intro = readme.slice(0, readme.indexOf('\n## '));
  const today = intro.slice(intro.indexOf('What works today'), intro.indexOf('Not built yet'));
  for (const planned of ['course', 'subscription', 'consultation', 'matching', 'efficiency']) {
    assert.doesNotMatch(today, new RegExp(planned, 'i'), `"${planned}" is not built yet`);
  }
  assert.match(intro, /Not built yet[\s\S]*courses[\s\S]*matching[\s\S]*knowledge sharing efficiency/);
});

test('README quick start: db:seed, and user:role run against the server’s DATA_DIR', () => {
  const quickStart = section('Quick start');
  assert.match(quickStart, /npm run db:seed/);
  assert.match(quickStart, /DATA_DIR=\S+ npm run user:role -- /);
});
