import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

const require = createRequire(import.meta.url);

/** Directory of an installed package, found through Node's resolver rather than a guessed path. */
function packageDir(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
}

const publicDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../../public');

/**
 * Serves our own CSS/JS from `public/` and the browser libraries straight from node_modules
 * (never a CDN): /assets/vendor/bootstrap/…, /assets/vendor/htmx/…, /assets/vendor/highlight.js/….
 */
export async function registerAssets(app: FastifyInstance): Promise<void> {
  const vendor = [
    { prefix: '/assets/vendor/bootstrap/', root: join(packageDir('bootstrap'), 'dist') },
    { prefix: '/assets/vendor/htmx/', root: join(packageDir('htmx.org'), 'dist') },
    // Code highlighting colours for the `hljs` classes platform/markdown emits (github.min.css).
    { prefix: '/assets/vendor/highlight.js/', root: join(packageDir('highlight.js'), 'styles') },
  ];
  for (const { prefix, root } of vendor) {
    await app.register(fastifyStatic, {
      root,
      prefix,
      decorateReply: false,
      maxAge: '7d',
      index: false,
      list: false,
      schemaHide: true,
    });
  }
  await app.register(fastifyStatic, {
    root: publicDir,
    prefix: '/assets/',
    decorateReply: false,
    maxAge: '1h',
    index: false,
    list: false,
    schemaHide: true,
  });
}
