// One test lane: a process that runs test files one after another, each as its own suite, until
// the shared queue is empty. Started by scripts/run-tests.mjs (several lanes side by side); it
// saves a process start-up, a TypeScript load of the app and a PGlite start per file.
//
// The queue is a directory of numbered entries, each naming a test file; a lane claims one by
// renaming it (atomic: exactly one lane wins) and marks it done after its suite has finished, so
// the runner can tell a file that never finished (a crashed lane) from one that passed.
import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe } from 'node:test';
import { pathToFileURL } from 'node:url';

const queueDir = process.env.TECHQA_TEST_LANE;
if (!queueDir) throw new Error('test-lane.mjs runs under scripts/run-tests.mjs (TECHQA_TEST_LANE is unset)');

function claimNext() {
  for (const entry of readdirSync(join(queueDir, 'todo')).sort()) {
    const claimed = join(queueDir, 'claimed', `${entry}.${process.pid}`);
    try {
      renameSync(join(queueDir, 'todo', entry), claimed);
    } catch {
      continue; // another lane was quicker
    }
    return { entry, file: readFileSync(claimed, 'utf8') };
  }
  return undefined;
}

for (let next = claimNext(); next; next = claimNext()) {
  const { entry, file } = next;
  // A suite's failures are reported by the runner; the lane goes on with the next file.
  await describe(file, async () => {
    await import(pathToFileURL(file).href);
  }).catch(() => {});
  writeFileSync(join(queueDir, 'done', entry), file);
}
// The pool of migrated PGlite instances lives across files; closed after the last (see test/db.ts).
const { closePGlitePool } = await import('../test/db.ts');
await closePGlitePool();

// A file that leaked a handle (a child process a failed test never stopped, a socket) would keep
// this lane, and so the whole run, alive forever: give the runner a moment to finish its report,
// then end the lane, saying what was left open. An unref'd timer: a clean lane exits before it.
setTimeout(() => {
  const left = process.getActiveResourcesInfo().filter((kind) => kind !== 'TTYWrap');
  process.stderr.write(`test lane: still busy after its last file (${left.join(', ')}); ending it\n`);
  process.exit();
}, 5_000).unref();
