// Progress bars on stderr for the import scripts (db:seed, import:se): one line per task
// (file or pass over a file); on a non-terminal, one plain line as each task ends.
import cliProgress from 'cli-progress';
import type { ImportProgress, ProgressListener } from '../src/modules/imports/index.js';

export interface ProgressDisplay {
  listener: ProgressListener;
  stop(): void;
}

/** A listener that draws one bar per import task, and stop() to close them. */
export function progressDisplay(): ProgressDisplay {
  if (!process.stderr.isTTY) {
    // No bars on a pipe or in CI: one line per task, written when the next task starts.
    let last: ImportProgress | undefined;
    const end = () => {
      if (last) process.stderr.write(`${last.task}: done${last.rows > 0 ? ` (${last.rows} records)` : ''}\n`);
      last = undefined;
    };
    return {
      listener: (progress: ImportProgress) => {
        if (last && last.task !== progress.task) end();
        last = progress;
      },
      stop: end,
    };
  }
  const bars = new cliProgress.MultiBar(
    {
      stream: process.stderr,
      format: '{task} |{bar}| {percentage}% | {rows} records | {duration_formatted}',
      hideCursor: true,
      clearOnComplete: false,
      stopOnComplete: false,
      etaBuffer: 50,
      barsize: 24,
    },
    cliProgress.Presets.shades_classic,
  );
  const byTask = new Map<string, cliProgress.SingleBar>();
  const width = 30;
  return {
    listener: ({ task, done, total, rows }: ImportProgress) => {
      const label = task.padEnd(width).slice(0, width);
      let bar = byTask.get(task);
      if (!bar) {
        bar = bars.create(total, 0, { task: label, rows });
        byTask.set(task, bar);
      }
      bar.setTotal(total);
      bar.update(Math.min(done, total), { task: label, rows });
    },
    stop: () => bars.stop(),
  };
}
