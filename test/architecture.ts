import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';

/**
 * The import rules of docs/architecture.md, checked on the source: which file may import which.
 * A small reader of import lines (not a TypeScript parser): `import … from '…'`, `export … from
 * '…'`, `import '…'` and `import('…')` with a literal path.
 */

/** The layers of modules, top first; an arrow between two layers only points down. */
export const LAYERS: readonly { readonly name: string; readonly modules: readonly string[] }[] = [
  // Bulk loaders write the community's tables (questions, tags, the search index) and may one day
  // load bounties from a dump; nothing but scripts and tests uses them.
  { name: 'tools', modules: ['imports'] },
  {
    name: 'paid',
    modules: [
      'bounties',
      'experts',
      'courses',
      'subscriptions',
      'consultations',
      'tips',
      'matching',
      'insight',
    ],
  },
  {
    name: 'community core',
    modules: ['accounts', 'questions', 'tags', 'search', 'reputation', 'moderation', 'notifications'],
  },
  { name: 'money core', modules: ['ledger', 'payments', 'wallet'] },
];

/** One source file: its path under src/ ('/'-separated) and what it imports, as written. */
export interface SourceFile {
  readonly path: string;
  readonly specifiers: readonly string[];
}

const STATIC_IMPORT = /^\s*(?:import|export)\s+(?:type\s+)?[\w*\s{},$]*?\s*from\s*['"]([^'"]+)['"]/gm;
const SIDE_EFFECT_IMPORT = /^\s*import\s*['"]([^'"]+)['"]/gm;
const DYNAMIC_IMPORT = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The module specifiers a TypeScript file imports or re-exports. */
export function importsOf(source: string): string[] {
  const found: string[] = [];
  for (const pattern of [STATIC_IMPORT, SIDE_EFFECT_IMPORT, DYNAMIC_IMPORT]) {
    for (const match of source.matchAll(pattern)) found.push(match[1] as string);
  }
  return found;
}

/** Every .ts/.tsx file under `root` (src/), with its imports. */
export function readSources(root: string): SourceFile[] {
  const files: SourceFile[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
        files.push({
          path: relative(root, path).split(sep).join('/'),
          specifiers: importsOf(readFileSync(path, 'utf8')),
        });
      }
    }
  };
  walk(root);
  return files;
}

/** Test code: test files and the test-support files they share; exempt from layers and cycles. */
function isTestCode(path: string): boolean {
  return /\.test\.tsx?$/.test(path) || /\.test-support\.tsx?$/.test(path);
}

/** Where a path under src/ lives: platform, a module (with its path inside it), or the root. */
function placeOf(
  path: string,
): { kind: 'platform' } | { kind: 'module'; module: string; inner: string } | { kind: 'root' } {
  const parts = path.split('/');
  if (parts[0] === 'platform') return { kind: 'platform' };
  if (parts[0] === 'modules' && parts.length > 2) {
    return { kind: 'module', module: parts[1] as string, inner: parts.slice(2).join('/') };
  }
  return { kind: 'root' };
}

/** The file a relative specifier names, as a path under src/ ('../x.js' → 'x.ts'), or outside. */
function resolve(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const joined = normalize(join(dirname(from), specifier))
    .split(sep)
    .join('/');
  return joined.replace(/\.js$/, '.ts');
}

function layerOf(module: string): number {
  return LAYERS.findIndex((layer) => layer.modules.includes(module));
}

/** Finds one cycle in a graph of modules, as a path that ends where it starts. */
function findCycle(edges: ReadonlyMap<string, ReadonlySet<string>>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): string[] | undefined => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of [...(edges.get(node) ?? [])].sort()) {
      if (state.get(next) === 'open') return [...stack.slice(stack.indexOf(next)), next];
      if (!state.has(next)) {
        const cycle = visit(next);
        if (cycle) return cycle;
      }
    }
    stack.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of [...edges.keys()].sort()) {
    if (!state.has(node)) {
      const cycle = visit(node);
      if (cycle) return cycle;
    }
  }
  return undefined;
}

/** Every broken rule, one sentence each (empty when the source keeps them all). */
export function checkImports(files: readonly SourceFile[]): string[] {
  const problems: string[] = [];
  const edges = new Map<string, Set<string>>();
  for (const file of files) {
    const from = placeOf(file.path);
    const test = isTestCode(file.path);
    if (from.kind === 'module' && layerOf(from.module) < 0) {
      problems.push(
        `${file.path}: module "${from.module}" is in no layer (add it to LAYERS and docs/architecture.md)`,
      );
    }
    for (const specifier of file.specifiers) {
      const target = resolve(file.path, specifier);
      if (target === undefined) continue;
      if (target.startsWith('../')) {
        // Outside src/: migrations are the database's code; only tests reach test/ and scripts/.
        if (!test && !target.startsWith('../migrations/')) {
          problems.push(`${file.path}: production code imports ${specifier} (outside src/)`);
        }
        continue;
      }
      if (!test && isTestCode(target))
        problems.push(`${file.path}: production code imports test code ${target}`);
      const to = placeOf(target);
      if (from.kind === 'platform' && to.kind === 'module') {
        // A platform test may set up through a module's door (the app is built from them anyway).
        if (!test) problems.push(`${file.path}: platform imports a module (${target})`);
        else if (to.inner !== 'index.ts' && !isTestCode(target)) {
          problems.push(`${file.path}: imports ${target}, not ${to.module}'s index.ts`);
        }
        continue;
      }
      if (from.kind !== 'module' || to.kind !== 'module' || from.module === to.module) continue;
      const door = to.inner === 'index.ts' || (test && isTestCode(target));
      if (!door) problems.push(`${file.path}: imports ${target}, not ${to.module}'s index.ts`);
      if (test) continue;
      if (layerOf(from.module) > layerOf(to.module)) {
        const up = `${LAYERS[layerOf(from.module)]?.name} → ${LAYERS[layerOf(to.module)]?.name}`;
        problems.push(`${file.path}: ${from.module} imports ${to.module}, an arrow up the layers (${up})`);
      }
      const targets = edges.get(from.module) ?? new Set<string>();
      targets.add(to.module);
      edges.set(from.module, targets);
    }
  }
  const cycle = findCycle(edges);
  if (cycle) problems.push(`module cycle: ${cycle.join(' → ')}`);
  return problems;
}
