import { formatMoney, type Money } from '../../../platform/money.js';
import { CsrfField, IdempotencyField } from '../../../platform/views/components.js';
import { loginHref } from '../../../platform/views/href.js';
import { Layout } from '../../../platform/views/layout.js';
import { MoneyText, ShortfallNotice } from '../../../platform/views/money.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import { plural, TagList } from '../../../platform/views/widgets.js';
import type { ExpertPage } from '../expert-profile.service.js';
import { FieldError, Notices, RatingText } from './parts.js';

export interface AskFormState {
  readonly values?: { title?: string; body?: string; tags?: string; visibility?: string };
  readonly fieldErrors?: Readonly<Record<string, string>>;
  readonly message?: string | undefined;
}

export interface ExpertProfilePageProps {
  readonly ctx: PageContext;
  readonly page: ExpertPage;
  readonly idempotencyKey: string;
  readonly form?: AskFormState;
  /** The signed-in member's balances, to say up front when the price is more than they hold. */
  readonly balances?: readonly Money[];
}

/** /experts/:userId: bio, tags, price, ratings, public answers with unlock counts, and the ask form. */
export function ExpertProfilePage(props: ExpertProfilePageProps) {
  const { ctx, page } = props;
  const { t, text } = ctx;
  const { expert, rating } = page;
  const name = expert.person.displayName;
  const own = ctx.user?.id === expert.userId;
  const most = Math.max(1, ...rating.distribution);
  return (
    <Layout ctx={ctx} title={name}>
      <div class="row g-4">
        <div class="col-lg-7">
          <h1 class="h3" data-testid="expert-name" safe>
            {name}
          </h1>
          <p class="mb-2">
            <MoneyText amount={expert.price} ctx={ctx} testid="expert-price" />
            {' · '}
            {t('experts.answers_within', { hours: expert.answerHours })}
            {' · '}
            <RatingText ctx={ctx} average={rating.average} count={rating.count} />
          </p>
          <TagList tags={expert.tags} label={text('experts.col.tags')} />
          <h2 class="h5 mt-4">{t('expert.profile.bio')}</h2>
          <p class="expert-bio" safe>
            {expert.bio}
          </p>

          <h2 class="h5 mt-4">{t('expert.profile.rating')}</h2>
          {rating.count === 0 ? (
            <p class="text-body-secondary">{t('experts.no_ratings')}</p>
          ) : (
            <>
              <p data-testid="rating-summary">
                {t('expert.profile.rating_summary', {
                  average: (rating.average ?? 0).toFixed(1),
                  count: rating.count,
                })}
              </p>
              <table class="table table-sm w-auto" data-testid="rating-distribution">
                <tbody>
                  {[5, 4, 3, 2, 1].map((stars) => {
                    const n = rating.distribution[stars - 1] ?? 0;
                    return (
                      <tr data-stars={String(stars)}>
                        <th scope="row">{t('expert.profile.stars', { stars })}</th>
                        <td>
                          <progress
                            max={String(most)}
                            value={String(n)}
                            aria-label={text('expert.profile.stars', { stars })}
                          />
                        </td>
                        <td safe>{String(n)}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </>
          )}
          {page.reviews.length > 0 ? (
            <>
              <h3 class="h6">{t('expert.profile.reviews')}</h3>
              <ul class="list-unstyled">
                {page.reviews.map((review) => (
                  <li class="mb-2">
                    <span aria-hidden="true" safe>
                      {'★'.repeat(review.stars)}
                    </span>
                    <span class="visually-hidden">{t('expert.profile.stars', { stars: review.stars })}</span>{' '}
                    <span safe>{review.review ?? ''}</span>
                  </li>
                ))}
              </ul>
            </>
          ) : (
            ''
          )}

          <h2 class="h5 mt-4">{t('expert.profile.answered')}</h2>
          {page.answered.length === 0 ? (
            <p class="text-body-secondary">{t('expert.profile.no_answered')}</p>
          ) : (
            <ul class="list-group" data-testid="expert-answered">
              {page.answered.map((question) => (
                <li class="list-group-item d-flex justify-content-between gap-2">
                  <a href={`/paid-questions/${question.id}`} safe>
                    {question.title}
                  </a>
                  <span class="text-body-secondary small text-nowrap" data-testid="unlock-count">
                    {t(`expert.profile.unlocks.${plural(ctx.locale, question.unlockCount)}`, {
                      count: question.unlockCount,
                    })}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </div>
        <div class="col-lg-5">
          <AskBox {...props} own={own} />
        </div>
      </div>
    </Layout>
  );
}

function AskBox(props: ExpertProfilePageProps & { own: boolean }) {
  const { ctx, page, form } = props;
  const { t } = ctx;
  const { expert } = page;
  const name = expert.person.displayName;
  if (props.own)
    return (
      <div class="card card-body">
        <p class="mb-2">{t('expert.profile.own')}</p>
        <a href="/me/expert">{t('experts.edit_mine')}</a>
      </div>
    );
  if (!expert.accepting)
    return (
      <div class="card card-body" data-testid="expert-paused">
        {t('expert.profile.paused', { name })}
      </div>
    );
  if (!ctx.user)
    return (
      <div class="card card-body">
        <a href={loginHref(`/experts/${expert.userId}`)}>{t('expert.profile.login_to_ask')}</a>
      </div>
    );
  const values = form?.values ?? {};
  const errors = form?.fieldErrors ?? {};
  const price = formatMoney(expert.price, ctx.locale);
  const visibility = values.visibility === 'private' ? 'private' : 'public';
  return (
    <div class="card card-body">
      <h2 class="h5">{t('expert.profile.ask', { name })}</h2>
      <Notices error={form?.message} />
      <p class="small text-body-secondary">
        {t('expert.profile.ask_price', { price, name, hours: expert.answerHours })}
      </p>
      <ShortfallNotice
        ctx={ctx}
        balances={props.balances ?? []}
        price={expert.price}
        returnTo={`/experts/${expert.userId}`}
      />
      {/* Posted to the profile's own URL: a refusal (too short, not enough money) shows this page
          again there, with what was typed. No #fragment: a 303 after success would carry it on. */}
      <form method="post" action={`/experts/${expert.userId}`} novalidate data-testid="ask-form">
        <CsrfField token={ctx.csrfToken} />
        <IdempotencyField value={props.idempotencyKey} />
        <div class="mb-3">
          <label class="form-label" for="ask-title">
            {t('paid_question.field.title')}
          </label>
          <input
            class={`form-control${errors.title ? ' is-invalid' : ''}`}
            id="ask-title"
            name="title"
            value={values.title ?? ''}
            maxlength={150}
            required
            data-testid="ask-title"
          />
          <FieldError name="title" errors={errors} />
        </div>
        <div class="mb-3">
          <label class="form-label" for="ask-body">
            {t('paid_question.field.body')}
          </label>
          <textarea
            class={`form-control${errors.body ? ' is-invalid' : ''}`}
            id="ask-body"
            name="body"
            rows="6"
            required
            data-testid="ask-body"
            safe
          >
            {`\n${values.body ?? ''}`}
          </textarea>
          <FieldError name="body" errors={errors} />
        </div>
        <div class="mb-3">
          <label class="form-label" for="ask-tags">
            {t('paid_question.field.tags')}
          </label>
          <input
            class={`form-control${errors.tags ? ' is-invalid' : ''}`}
            id="ask-tags"
            name="tags"
            value={values.tags ?? ''}
            maxlength={200}
          />
          <FieldError name="tags" errors={errors} />
        </div>
        <fieldset class="mb-3">
          <legend class="form-label fs-6">{t('paid_question.field.visibility')}</legend>
          {(['public', 'private'] as const).map((option) => (
            <div class="form-check">
              <input
                class="form-check-input"
                type="radio"
                name="visibility"
                id={`ask-visibility-${option}`}
                value={option}
                checked={visibility === option}
                data-testid={`ask-visibility-${option}`}
              />
              <label class="form-check-label" for={`ask-visibility-${option}`}>
                {t(`paid_question.visibility.${option}`)}
              </label>
            </div>
          ))}
        </fieldset>
        <button class="btn btn-primary" type="submit" data-testid="ask-submit">
          {t('expert.profile.ask_submit', { price })}
        </button>
      </form>
    </div>
  );
}
