import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { katexLayoutStylesheet } from '../markdown/math-layout.js';

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
    // Formulas: katex.min.css and the fonts/ it names by relative URL (font-src 'self').
    { prefix: '/assets/vendor/katex/', root: join(packageDir('katex'), 'dist') },
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
  registerKatexLayout(app);
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

/** Where the formula layout classes are served; the version changes with the stylesheet. */
export function katexLayoutHref(): string {
  return `/assets/katex-layout.css?v=${katexLayoutStylesheet().version}`;
}

/** The generated stylesheet that stands in for KaTeX's inline styles (platform/markdown/math-layout.ts). */
function registerKatexLayout(app: FastifyInstance): void {
  const { css } = katexLayoutStylesheet();
  const gzipped = gzipSync(css);
  app.get('/assets/katex-layout.css', { schema: { hide: true } }, async (request, reply) => {
    reply
      .type('text/css; charset=utf-8')
      .header('cache-control', 'public, max-age=604800, immutable')
      .header('vary', 'accept-encoding');
    if (/\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))) {
      return reply.header('content-encoding', 'gzip').send(gzipped);
    }
    return reply.send(css);
  });
}
