/**
 * The abuse report form, for anyone (no account needed): a category, what happened, optionally the key's
 * displayed prefix and a contact. The API throttles reports per network; its refusals are shown as sentences.
 */
import { useRef, useState } from 'preact/hooks';
import { ErrorMessage } from '../components/status.component';
import { graphql } from '../graphql/generated';
import { describeError, request } from '../graphql/graphql-client';
import type { PortalLocale } from '../lib/portal-locale';
import { REPORT_CATEGORIES } from '@vipcloud/contracts';
import { reportText as text } from './report.strings';

const ReportAbuse = graphql(`
  mutation ReportAbuse($input: ReportAbuseInput!) {
    reportAbuse(input: $input) {
      reference
    }
  }
`);

const KEY_PREFIX = /^vc-[0-9A-Za-z]{8}$/;

type State =
  { kind: 'idle' } | { kind: 'busy' } | { kind: 'done'; reference: string } | { kind: 'error'; message: string };

export function ReportPage({ locale }: { locale: PortalLocale }) {
  const [category, setCategory] = useState('');
  const [description, setDescription] = useState('');
  const [keyPrefix, setKeyPrefix] = useState('');
  const [contact, setContact] = useState('');
  const [state, setState] = useState<State>({ kind: 'idle' });
  const done = useRef<HTMLParagraphElement>(null);
  /** A field's setter that also clears an earlier refusal: what it said may no longer hold. */
  const edit = (set: (value: string) => void) => (value: string) => {
    set(value);
    if (state.kind === 'error') setState({ kind: 'idle' });
  };

  async function onSubmit(event: Event) {
    event.preventDefault();
    if (!category || description.trim().length < 10) {
      setState({ kind: 'error', message: text(locale, 'missing') });
      return;
    }
    if (keyPrefix.trim() && !KEY_PREFIX.test(keyPrefix.trim())) {
      setState({ kind: 'error', message: text(locale, 'badPrefix') });
      return;
    }
    setState({ kind: 'busy' });
    try {
      const { reportAbuse } = await request(
        locale,
        ReportAbuse,
        {
          input: {
            category,
            description: description.trim(),
            keyPrefix: keyPrefix.trim() || null,
            contact: contact.trim() || null,
          },
        },
        { allowSignedOut: true },
      );
      setState({ kind: 'done', reference: reportAbuse.reference });
      setDescription('');
      setKeyPrefix('');
      // The form is gone: the confirmation takes the focus, so a screen reader reads it.
      queueMicrotask(() => done.current?.focus());
    } catch (err) {
      setState({ kind: 'error', message: describeError(locale, err) });
    }
  }

  if (state.kind === 'done')
    return (
      <div class="report">
        <p class="note report-done" ref={done} tabIndex={-1} role="status">
          {text(locale, 'done', { reference: state.reference })}
        </p>
        <p>
          <button type="button" onClick={() => setState({ kind: 'idle' })}>
            {text(locale, 'another')}
          </button>
        </p>
      </div>
    );

  return (
    <form class="report privacy-form" onSubmit={onSubmit} noValidate>
      <label for="report-category">{text(locale, 'category')}</label>
      <select id="report-category" value={category} onChange={(e) => edit(setCategory)(e.currentTarget.value)}>
        <option value="" disabled>
          —
        </option>
        {REPORT_CATEGORIES.map((c) => (
          <option key={c} value={c}>
            {text(locale, `category.${c}`)}
          </option>
        ))}
      </select>
      <p class="privacy-hint">{text(locale, 'appeal')}</p>
      <label for="report-description">{text(locale, 'description')}</label>
      <p class="privacy-hint" id="report-description-hint">
        {text(locale, 'descriptionHint')}
      </p>
      <textarea
        id="report-description"
        rows={6}
        maxLength={2000}
        aria-describedby="report-description-hint"
        value={description}
        onInput={(e) => edit(setDescription)(e.currentTarget.value)}
      />
      <label for="report-key">{text(locale, 'keyPrefix')}</label>
      <p class="privacy-hint" id="report-key-hint">
        {text(locale, 'keyPrefixHint')}
      </p>
      <input
        id="report-key"
        type="text"
        autoComplete="off"
        spellcheck={false}
        maxLength={11}
        aria-describedby="report-key-hint"
        value={keyPrefix}
        onInput={(e) => edit(setKeyPrefix)(e.currentTarget.value)}
      />
      <label for="report-contact">{text(locale, 'contact')}</label>
      <p class="privacy-hint" id="report-contact-hint">
        {text(locale, 'contactHint')}
      </p>
      <input
        id="report-contact"
        type="email"
        autoComplete="email"
        maxLength={254}
        aria-describedby="report-contact-hint"
        value={contact}
        onInput={(e) => edit(setContact)(e.currentTarget.value)}
      />
      <p>
        <button type="submit" class="privacy-primary" disabled={state.kind === 'busy'}>
          {state.kind === 'busy' ? text(locale, 'sending') : text(locale, 'submit')}
        </button>
      </p>
      {state.kind === 'error' && <ErrorMessage message={state.message} />}
      <p class="privacy-hint">{text(locale, 'privacy')}</p>
    </form>
  );
}
