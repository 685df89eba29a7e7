import type { Children } from '@kitajs/html';

/** A dismissable-looking alert (no JS needed); `kind` is a Bootstrap contextual colour. */
export function Alert(props: { kind: 'success' | 'danger' | 'warning' | 'info'; children?: Children }) {
  return (
    <div class={`alert alert-${props.kind}`} role={props.kind === 'danger' ? 'alert' : 'status'}>
      {props.children}
    </div>
  );
}

export interface FieldProps {
  readonly name: string;
  readonly label: string;
  readonly type?: 'text' | 'email' | 'password';
  readonly value?: string;
  readonly error?: string | undefined;
  readonly help?: string;
  readonly autocomplete?: string;
  readonly required?: boolean;
  readonly maxlength?: number;
  /** The id of a <datalist> of suggestions. */
  readonly list?: string;
}

/** A labelled Bootstrap input with its help text and its error, tied together for screen readers. */
export function Field(props: FieldProps) {
  const id = `field-${props.name}`;
  const described = [props.help ? `${id}-help` : '', props.error ? `${id}-error` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div class="mb-3">
      <label class="form-label" for={id} safe>
        {props.label}
      </label>
      <input
        class={`form-control${props.error ? ' is-invalid' : ''}`}
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value}
        autocomplete={props.autocomplete}
        required={props.required}
        maxlength={props.maxlength}
        list={props.list}
        aria-describedby={described || undefined}
        aria-invalid={props.error ? 'true' : undefined}
      />
      {props.help ? (
        <div class="form-text" id={`${id}-help`} safe>
          {props.help}
        </div>
      ) : (
        ''
      )}
      {props.error ? (
        <div class="invalid-feedback" id={`${id}-error`} data-field-error={props.name} safe>
          {props.error}
        </div>
      ) : (
        ''
      )}
    </div>
  );
}

/** The hidden inputs every state-changing form carries. */
export function CsrfField(props: { token: string }) {
  return <input type="hidden" name="_csrf" value={props.token} />;
}

/** The hidden field a money form carries its fresh Idempotency-Key in (a double submit moves nothing twice). */
export function IdempotencyField(props: { value: string }) {
  return <input type="hidden" name="idempotencyKey" value={props.value} />;
}
