import { CURRENCIES, formatMoney, type Money } from '../../../platform/money.js';
import { CsrfField } from '../../../platform/views/components.js';
import { Layout } from '../../../platform/views/layout.js';
import { MoneyField } from '../../../platform/views/money.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import { FieldError, Notices } from './parts.js';

export interface ExpertSettingsValues {
  readonly bio: string;
  readonly tags: string;
  readonly price: string;
  readonly currency: string;
  readonly answerHours: string;
  readonly accepting: boolean;
}

export interface ExpertSettingsPageProps {
  readonly ctx: PageContext;
  readonly values: ExpertSettingsValues;
  readonly isExpert: boolean;
  readonly min: Money;
  readonly max: Money;
  readonly notice?: string | undefined;
  readonly message?: string | undefined;
  readonly fieldErrors?: Readonly<Record<string, string>>;
}

/** /me/expert: become an expert, or change bio, tags, price, deadline and accepting. */
export function ExpertSettingsPage(props: ExpertSettingsPageProps) {
  const { ctx, values } = props;
  const { t, text } = ctx;
  const errors = props.fieldErrors ?? {};
  const invalid = (name: string) => (errors[name] ? ' is-invalid' : '');
  return (
    <Layout ctx={ctx} title={text('expert.settings.title')}>
      <div class="row justify-content-center">
        <div class="col-md-9 col-lg-7">
          <h1 class="h3">{t('expert.settings.title')}</h1>
          <p class="text-body-secondary">{t('expert.settings.intro')}</p>
          <Notices notice={props.notice} error={props.message} />
          {props.isExpert && ctx.user ? (
            <p>
              <a href={`/experts/${ctx.user.id}`}>{t('expert.settings.view_profile')}</a>
            </p>
          ) : (
            ''
          )}
          <form method="post" action="/me/expert" novalidate data-testid="expert-settings-form">
            <CsrfField token={ctx.csrfToken} />
            <div class="mb-3">
              <label class="form-label" for="expert-bio">
                {t('expert.settings.bio')}
              </label>
              <textarea class={`form-control${invalid('bio')}`} id="expert-bio" name="bio" rows="4" safe>
                {values.bio}
              </textarea>
              <FieldError name="bio" errors={errors} />
            </div>
            <div class="mb-3">
              <label class="form-label" for="expert-tags">
                {t('expert.settings.tags')}
              </label>
              <input
                class={`form-control${invalid('tags')}`}
                id="expert-tags"
                name="tags"
                value={values.tags}
                aria-describedby="expert-tags-help"
                data-testid="expert-tags"
              />
              <div class="form-text" id="expert-tags-help">
                {t('expert.settings.tags_help')}
              </div>
              <FieldError name="tags" errors={errors} />
            </div>
            <MoneyField
              ctx={ctx}
              id="expert-price"
              name="price"
              label={text('expert.settings.price')}
              currencyLabel={text('expert.settings.currency')}
              value={values.price}
              currencies={Object.keys(CURRENCIES)}
              currency={values.currency}
              help={t('expert.settings.price_help', {
                min: formatMoney(props.min, ctx.locale),
                max: formatMoney(props.max, ctx.locale),
              })}
              error={errors.price}
              testid="expert-price-input"
            />
            <div class="mb-3">
              <label class="form-label" for="expert-hours">
                {t('expert.settings.answer_hours')}
              </label>
              <input
                class={`form-control${invalid('answerHours')}`}
                id="expert-hours"
                name="answerHours"
                type="number"
                min="1"
                max="168"
                value={values.answerHours}
                aria-describedby="expert-hours-help"
              />
              <div class="form-text" id="expert-hours-help">
                {t('expert.settings.answer_hours_help')}
              </div>
              <FieldError name="answerHours" errors={errors} />
            </div>
            <div class="form-check mb-3">
              <input
                class="form-check-input"
                type="checkbox"
                id="expert-accepting"
                name="accepting"
                value="on"
                checked={values.accepting}
              />
              <label class="form-check-label" for="expert-accepting">
                {t('expert.settings.accepting')}
              </label>
            </div>
            <button class="btn btn-primary" type="submit" data-testid="expert-settings-save">
              {t('expert.settings.save')}
            </button>
          </form>
        </div>
      </div>
    </Layout>
  );
}
