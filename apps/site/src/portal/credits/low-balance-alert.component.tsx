/**
 * The low-balance alert: a USD threshold (the API emails when the available credits fall under it), or
 * none. The amount is checked here as an exact decimal of at most 6 places, never parsed as a float.
 */
import { useState } from 'preact/hooks';
import { graphql } from '../graphql/generated';
import { describeError, request } from '../graphql/graphql-client';
import { formatUsd } from '../lib/format';
import type { PortalLocale } from '../lib/portal-locale';
import { creditsText } from './credits.strings';

const CreditsAlertSet = graphql(`
  mutation CreditsAlertSet($threshold: String) {
    setLowBalanceAlert(threshold: $threshold) {
      threshold
    }
  }
`);

const USD_AMOUNT = /^\d+(\.\d{1,6})?$/;

/** The threshold as typed, tidied ("5" stays "5", " 2.50 " becomes "2.50"); null for empty; undefined if invalid. */
export function parseThreshold(value: string): string | null | undefined {
  const trimmed = value.trim();
  if (trimmed === '') return null;
  return USD_AMOUNT.test(trimmed) ? trimmed : undefined;
}

/** Shows an amount as typed in the box: the API's 6 decimals without the trailing zeros past the cents. */
function asInput(threshold: string | null): string {
  if (threshold === null) return '';
  return threshold.replace(/(\.\d\d\d*?)0+$/, '$1');
}

interface Props {
  locale: PortalLocale;
  threshold: string | null;
}

export function LowBalanceAlert({ locale, threshold: initial }: Props) {
  const [saved, setSaved] = useState(initial);
  const [value, setValue] = useState(asInput(initial));
  const [invalid, setInvalid] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setNotice('');
    setError(null);
    const threshold = parseThreshold(value);
    if (threshold === undefined) {
      setInvalid(true);
      document.getElementById('alert-threshold')?.focus();
      return;
    }
    setInvalid(false);
    setBusy(true);
    try {
      const { setLowBalanceAlert } = await request(locale, CreditsAlertSet, { threshold });
      setSaved(setLowBalanceAlert.threshold);
      setValue(asInput(setLowBalanceAlert.threshold));
      setNotice(
        setLowBalanceAlert.threshold === null
          ? creditsText(locale, 'alert.turnedOff')
          : creditsText(locale, 'alert.saved', { amount: formatUsd(locale, setLowBalanceAlert.threshold) }),
      );
    } catch (err) {
      setError(describeError(locale, err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="alert-heading">
      <h2 id="alert-heading">{creditsText(locale, 'alert.heading')}</h2>
      <p>
        {saved === null
          ? creditsText(locale, 'alert.off')
          : creditsText(locale, 'alert.current', { amount: formatUsd(locale, saved) })}
      </p>
      <form class="alert-form" noValidate onSubmit={(e) => void submit(e)}>
        <label for="alert-threshold">{creditsText(locale, 'alert.label')}</label>
        <div class="alert-row">
          <input
            id="alert-threshold"
            name="threshold"
            type="text"
            inputMode="decimal"
            autoComplete="off"
            value={value}
            aria-invalid={invalid}
            aria-describedby={invalid ? 'alert-hint alert-invalid' : 'alert-hint'}
            onInput={(e) => {
              setValue(e.currentTarget.value);
              if (invalid) setInvalid(false);
            }}
          />
          <button type="submit" disabled={busy}>
            {busy ? creditsText(locale, 'alert.saving') : creditsText(locale, 'alert.save')}
          </button>
        </div>
        <p class="hint" id="alert-hint">
          {creditsText(locale, 'alert.hint')}
        </p>
        {invalid && (
          <p class="field-error" id="alert-invalid" role="alert">
            {creditsText(locale, 'alert.invalid')}
          </p>
        )}
        {error && (
          <p class="portal-error" role="alert">
            {error}
          </p>
        )}
        <p class="credits-notice" role="status">
          {notice}
        </p>
      </form>
    </section>
  );
}
