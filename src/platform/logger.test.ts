import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import pino from 'pino';
import { redactedPaths } from './logger.js';

test('secrets, cookies and passwords never reach the log', () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const log = pino({ redact: { paths: redactedPaths, censor: '[redacted]' } }, sink);
  log.info({
    req: {
      headers: { authorization: 'Bearer tqa_secret', cookie: 'tq_session=abc', 'x-csrf-token': 'csrf' },
    },
    res: { headers: { 'set-cookie': 'tq_session=abc' } },
    body: { password: 'hunter2', login: 'ada' },
    input: { token: 'tqa_secret2', newPassword: 'pw2' },
  });
  const line = lines.join('');
  for (const secret of ['tqa_secret', 'tq_session=abc', 'hunter2', 'pw2', '"csrf"']) {
    assert.ok(!line.includes(secret), `${secret} leaked: ${line}`);
  }
  assert.ok(line.includes('"login":"ada"'), 'the rest is kept');
});
