import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { migrations } from '../../../migrations/index.js';
import { openDatabase } from '../../platform/db/index.js';
import { migrateToLatest } from '../../platform/db/migrate.js';
import { detectLanguage } from '../../platform/text/language.js';

const SAMPLES: Array<[string, string]> = [
  ['What is "backprop"?', 'What does backprop mean in neural networks?'],
  ['TiCDC 的 gc-ttl 是什么？', 'gc-ttl 是 TiCDC 在 PD 设置的服务级别 GC safepoint 的 TTL 时长。'],
  ['How do I print 中文字符 in a Windows terminal?', 'The console shows question marks instead.'],
  ['如何在 React 中使用 useEffect', 'const x = useEffect(() => {}, []);'],
  ['Short', `${'word '.repeat(200)}然后后面是很多中文字符，但是在五百个字符以后`],
  ['集群部署期间，TiUP 收到报错 ssh: handshake failed: read tcp connection reset by peer', ''],
];

test('0014 backfills each question language as detectLanguage decides it', async () => {
  const database = await openDatabase({ dataDir: 'memory://' });
  try {
    const { db } = database;
    const before = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '0014'));
    await migrateToLatest(db, before);
    for (const [i, [title, text]] of SAMPLES.entries()) {
      await sql`insert into questions (title, slug, body, body_html, body_text)
        values (${title}, ${`q${i}`}, ${text}, '', ${text})`.execute(db);
    }
    await migrateToLatest(db);
    const rows = await db.selectFrom('questions').select(['title', 'language']).orderBy('id').execute();
    assert.deepEqual(
      rows.map((r) => r.language),
      SAMPLES.map(([title, text]) => detectLanguage(title, text)),
    );
    assert.deepEqual(
      rows.map((r) => r.language),
      ['en', 'zh', 'en', 'zh', 'en', 'zh'],
    );
  } finally {
    await database.close();
  }
});
