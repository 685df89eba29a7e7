// A V8 CPU profile of this process while `work` runs, summarised as Markdown: self and
// inclusive time by package (node_modules/<pkg>, node core module, app source file, GC) and the
// functions with the most self time. The raw profile is kept in .bench/cpu/ for DevTools.
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { resolve } from 'node:path';
import type { LoadResult } from './load.js';
import { ROOT } from './load.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Which bucket a frame's time belongs to. */
export function groupOf(frame: ProfileNode['callFrame']): string {
  const { url, functionName } = frame;
  if (!url) return functionName.startsWith('(') ? functionName : '(V8 builtins / native)';
  if (url.startsWith('wasm://')) return 'PGlite (wasm)';
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const parts = url.slice(modules + '/node_modules/'.length).split('/');
    return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? url);
  }
  if (url.startsWith('node:')) {
    const name = url.slice('node:'.length).replace(/^internal\//, '');
    return `node:${name.split('/')[0]}`;
  }
  const src = url.indexOf('/src/');
  if (src >= 0) return `app ${url.slice(src + 1).replace(/\.tsx?$/, '')}`;
  const scripts = url.indexOf('/scripts/');
  return scripts >= 0 ? `bench ${url.slice(scripts + 1)}` : url;
}

export function summarise(profile: CpuProfile): string {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const stackOf = (id: number) => {
    const frames: ProfileNode['callFrame'][] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const node = byId.get(at);
      if (node) frames.push(node.callFrame);
    }
    return frames;
  };
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const functions = new Map<string, number>();
  let busy = 0;
  let harness = 0;
  profile.samples.forEach((id, i) => {
    const delta = (profile.timeDeltas[i] ?? 0) / 1000;
    const stack = stackOf(id);
    const leaf = stack[0];
    if (!leaf || leaf.functionName === '(idle)') return;
    // The profiler itself, spawning autocannon, reading /proc: this script's work, not the app's.
    if (stack.some((frame) => frame.url.includes('/scripts/bench/'))) {
      harness += delta;
      return;
    }
    busy += delta;
    // Native code (socket writes, JSON, string builtins) is charged to the JavaScript that called it.
    const owner = leaf.url || leaf.functionName.startsWith('(') ? leaf : (stack.find((f) => f.url) ?? leaf);
    const group = groupOf(owner);
    self.set(group, (self.get(group) ?? 0) + delta);
    const where = leaf.url
      ? `${leaf.url.replace(/^.*\/(node_modules|src)\//, '$1/')}:${leaf.lineNumber + 1}`
      : 'native';
    const fn = `${leaf.functionName || '(anonymous)'} ${where}`;
    functions.set(fn, (functions.get(fn) ?? 0) + delta);
    for (const each of new Set(stack.map(groupOf))) inclusive.set(each, (inclusive.get(each) ?? 0) + delta);
  });
  const share = (value: number) => `${((value / busy) * 100).toFixed(1)}%`;
  const top = (map: Map<string, number>, n: number) => [...map].sort((a, b) => b[1] - a[1]).slice(0, n);
  const lines = [
    `Busy CPU ${busy.toFixed(0)} ms sampled (idle and ${harness.toFixed(0)} ms of this script's own work excluded).`,
    '',
    '| where (package / module / file; native code charged to its caller) | self | inclusive |',
    '|---|--:|--:|',
    ...top(self, 16).map(
      ([group, value]) => `| ${group} | ${share(value)} | ${share(inclusive.get(group) ?? 0)} |`,
    ),
    '',
    '| function (most self time) | self |',
    '|---|--:|',
    ...top(functions, 12).map(([fn, value]) => `| \`${fn}\` | ${share(value)} |`),
  ];
  return lines.join('\n');
}

/** Runs `work` under the sampling profiler and returns the load result line plus the summary. */
export async function profileUnderLoad(work: () => Promise<LoadResult>): Promise<string> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 500 });
    await session.post('Profiler.start');
    const result = await work();
    const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: CpuProfile };
    const dir = resolve(ROOT, '.bench', 'cpu');
    mkdirSync(dir, { recursive: true });
    const file = resolve(dir, `profile-${Date.now()}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    return [
      `Under the profiler (warm-up included in the profile): ${result.requestsPerSecond.toFixed(0)} req/s, ` +
        `p50 ${result.latencyP50} ms, p99 ${result.latencyP99} ms, server CPU ${Math.round(result.cpu.server * 100)}%` +
        (result.cpu.postgres === undefined
          ? ''
          : `, PostgreSQL CPU ${Math.round(result.cpu.postgres * 100)}%`) +
        `. Raw profile: ${file.slice(ROOT.length + 1)}`,
      '',
      summarise(profile),
    ].join('\n');
  } finally {
    await session.post('Profiler.disable').catch(() => {});
    session.disconnect();
  }
}
