import type { FastifyInstance } from 'fastify';
import { pageContextOf, sendPage } from '../../platform/http/pages.js';
import { Layout } from '../../platform/views/layout.js';

/** The front page. Until the community module lands it greets visitors and points to sign-up. */
export async function homePages(app: FastifyInstance): Promise<void> {
  app.get('/', async (request, reply) => {
    const ctx = pageContextOf(request, reply);
    const { t, text } = ctx;
    return sendPage(
      reply,
      <Layout ctx={ctx} title={text('home.title')}>
        <div class="p-4 mb-4 bg-body-tertiary rounded-3" data-testid="home">
          <h1 class="h2">{t('home.welcome')}</h1>
          <p class="lead mb-0">{t('home.intro')}</p>
        </div>
        <p class="text-body-secondary">{t('home.empty')}</p>
      </Layout>,
    );
  });
}
