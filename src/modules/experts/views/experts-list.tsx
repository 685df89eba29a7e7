import { Layout } from '../../../platform/views/layout.js';
import { MoneyText } from '../../../platform/views/money.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import { TagList } from '../../../platform/views/widgets.js';
import type { ExpertSummary } from '../expert-profile.service.js';
import { RatingText } from './parts.js';

export interface ExpertsPageProps {
  readonly ctx: PageContext;
  readonly experts: readonly ExpertSummary[];
  readonly tag: string | undefined;
  readonly isExpert: boolean;
}

/** /experts: the directory, with a tag filter, price and rating of each expert. */
export function ExpertsPage(props: ExpertsPageProps) {
  const { ctx } = props;
  const { t, text } = ctx;
  const moderator = ctx.user?.role === 'moderator' || ctx.user?.role === 'admin';
  return (
    <Layout ctx={ctx} title={text('experts.title')}>
      <div class="d-flex flex-wrap align-items-center gap-2 mb-3">
        <h1 class="h3 me-auto mb-0">
          {props.tag ? t('experts.filtered', { tag: props.tag }) : t('experts.title')}
        </h1>
        {ctx.user ? (
          <>
            <a class="btn btn-sm btn-outline-primary" href="/me/expert" data-testid="expert-settings-link">
              {props.isExpert ? t('experts.edit_mine') : t('experts.become')}
            </a>
            {props.isExpert ? (
              <a class="btn btn-sm btn-outline-secondary" href="/me/expert/questions">
                {t('experts.queue_link')}
              </a>
            ) : (
              ''
            )}
            <a class="btn btn-sm btn-outline-secondary" href="/me/paid-questions">
              {t('experts.mine.title')}
            </a>
            {moderator ? (
              <a class="btn btn-sm btn-outline-secondary" href="/moderation/disputes">
                {t('experts.disputes_link')}
              </a>
            ) : (
              ''
            )}
          </>
        ) : (
          ''
        )}
      </div>
      <p class="text-body-secondary">{t('experts.intro')}</p>
      <search>
        <form method="get" action="/experts" class="row g-2 align-items-end mb-4">
          <div class="col-auto">
            <label class="form-label" for="experts-tag">
              {t('experts.filter.tag')}
            </label>
            <input
              class="form-control form-control-sm"
              id="experts-tag"
              name="tag"
              value={props.tag ?? ''}
              maxlength={35}
            />
          </div>
          <div class="col-auto">
            <button class="btn btn-sm btn-secondary" type="submit">
              {t('experts.filter.apply')}
            </button>
          </div>
          {props.tag ? (
            <div class="col-auto">
              <a class="btn btn-sm btn-link" href="/experts">
                {t('experts.filter.clear')}
              </a>
            </div>
          ) : (
            ''
          )}
        </form>
      </search>
      {props.experts.length === 0 ? (
        <p class="text-body-secondary" data-testid="experts-empty">
          {t('experts.none')}
        </p>
      ) : (
        <div class="table-responsive">
          <table class="table align-middle" data-testid="experts">
            <thead>
              <tr>
                <th scope="col">{t('experts.col.expert')}</th>
                <th scope="col">{t('experts.col.tags')}</th>
                <th scope="col">{t('experts.col.price')}</th>
                <th scope="col">{t('experts.col.rating')}</th>
                <th scope="col">{t('experts.col.answered')}</th>
              </tr>
            </thead>
            <tbody>
              {props.experts.map((expert) => (
                <tr data-testid="expert-row" data-user-id={String(expert.userId)}>
                  <td>
                    <a href={`/experts/${expert.userId}`} safe>
                      {expert.person.displayName}
                    </a>
                    <div class="small">
                      {expert.accepting ? (
                        <span class="text-success">{t('experts.accepting')}</span>
                      ) : (
                        <span class="text-body-secondary">{t('experts.paused')}</span>
                      )}
                      {' · '}
                      {t('experts.answers_within', { hours: expert.answerHours })}
                    </div>
                  </td>
                  <td>
                    <TagList tags={expert.tags} label={text('experts.col.tags')} />
                  </td>
                  <td>
                    <MoneyText amount={expert.price} ctx={ctx} />
                  </td>
                  <td>
                    <RatingText ctx={ctx} average={expert.rating.average} count={expert.rating.count} />
                  </td>
                  <td safe>{String(expert.answeredCount)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}
