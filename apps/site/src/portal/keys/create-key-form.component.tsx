/**
 * The form that creates a key: a name, an optional last day, an optional list of models. Checked here
 * first (the API checks again), so a mistake is explained beside the field it concerns.
 */
import { useState } from 'preact/hooks';
import { graphql } from '../graphql/generated';
import type { KeysCreateMutation } from '../graphql/generated/graphql';
import { describeError, request } from '../graphql/graphql-client';
import type { PortalLocale } from '../lib/portal-locale';
import { endOfLocalDay, localToday } from './key-status';
import { keysText } from './keys.strings';

const KeysCreate = graphql(`
  mutation KeysCreate($input: CreateApiKeyInput!) {
    createApiKey(input: $input) {
      secret
      key {
        id
        name
        prefix
        createdAt
        lastUsedAt
        expiresAt
        revokedAt
        allowedModels
      }
    }
  }
`);

export type CreatedKey = KeysCreateMutation['createApiKey'];

interface Props {
  locale: PortalLocale;
  models: readonly string[];
  onCreated: (created: CreatedKey) => void;
}

type FieldError = { field: 'name' | 'expiry'; message: string } | null;

export function CreateKeyForm({ locale, models, onCreated }: Props) {
  const [name, setName] = useState('');
  const [expiry, setExpiry] = useState('');
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const [fieldError, setFieldError] = useState<FieldError>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const toggle = (model: string, on: boolean) => {
    const next = new Set(picked);
    if (on) next.add(model);
    else next.delete(model);
    setPicked(next);
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    setError(null);
    const trimmed = name.trim();
    if (!trimmed) {
      setFieldError({ field: 'name', message: keysText(locale, 'create.nameMissing') });
      form.querySelector<HTMLInputElement>('#key-name')?.focus();
      return;
    }
    let expiresAt: string | null = null;
    if (expiry) {
      expiresAt = endOfLocalDay(expiry);
      if (!expiresAt || Date.parse(expiresAt) <= Date.now()) {
        setFieldError({ field: 'expiry', message: keysText(locale, 'create.expiryPast') });
        form.querySelector<HTMLInputElement>('#key-expiry')?.focus();
        return;
      }
    }
    setFieldError(null);
    setBusy(true);
    try {
      const allowedModels = models.filter((m) => picked.has(m));
      const { createApiKey } = await request(locale, KeysCreate, {
        input: { name: trimmed, expiresAt, allowedModels: allowedModels.length > 0 ? allowedModels : null },
      });
      setName('');
      setExpiry('');
      setPicked(new Set());
      onCreated(createApiKey);
    } catch (err) {
      setError(describeError(locale, err));
    } finally {
      setBusy(false);
    }
  };

  const nameInvalid = fieldError?.field === 'name';
  const expiryInvalid = fieldError?.field === 'expiry';
  return (
    <section aria-labelledby="create-heading">
      <h2 id="create-heading">{keysText(locale, 'create.heading')}</h2>
      <form class="keys-form" noValidate onSubmit={(e) => void submit(e)}>
        <div class="field">
          <label for="key-name">{keysText(locale, 'create.name')}</label>
          <input
            id="key-name"
            name="name"
            type="text"
            required
            maxLength={100}
            autoComplete="off"
            value={name}
            aria-invalid={nameInvalid}
            aria-describedby={nameInvalid ? 'key-name-hint key-name-error' : 'key-name-hint'}
            onInput={(e) => {
              setName(e.currentTarget.value);
              if (nameInvalid) setFieldError(null);
            }}
          />
          <p class="hint" id="key-name-hint">
            {keysText(locale, 'create.nameHint')}
          </p>
          {nameInvalid && (
            <p class="field-error" id="key-name-error" role="alert">
              {fieldError.message}
            </p>
          )}
        </div>
        <div class="field">
          <label for="key-expiry">{keysText(locale, 'create.expiry')}</label>
          <input
            id="key-expiry"
            name="expiry"
            type="date"
            min={localToday(new Date())}
            value={expiry}
            aria-invalid={expiryInvalid}
            aria-describedby={expiryInvalid ? 'key-expiry-hint key-expiry-error' : 'key-expiry-hint'}
            onInput={(e) => {
              setExpiry(e.currentTarget.value);
              if (expiryInvalid) setFieldError(null);
            }}
          />
          <p class="hint" id="key-expiry-hint">
            {keysText(locale, 'create.expiryHint')}
          </p>
          {expiryInvalid && (
            <p class="field-error" id="key-expiry-error" role="alert">
              {fieldError.message}
            </p>
          )}
        </div>
        <fieldset class="field models" aria-describedby="key-models-hint">
          <legend>{keysText(locale, 'create.models')}</legend>
          <p class="hint" id="key-models-hint">
            {models.length > 0 ? keysText(locale, 'create.modelsHint') : keysText(locale, 'create.noModels')}
          </p>
          {models.length > 0 && (
            <ul class="model-choices">
              {models.map((model) => (
                <li key={model}>
                  <label>
                    <input
                      type="checkbox"
                      name="models"
                      value={model}
                      checked={picked.has(model)}
                      onChange={(e) => toggle(model, e.currentTarget.checked)}
                    />{' '}
                    <code>{model}</code>
                  </label>
                </li>
              ))}
            </ul>
          )}
        </fieldset>
        {error && (
          <p class="portal-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? keysText(locale, 'create.working') : keysText(locale, 'create.submit')}
        </button>
      </form>
    </section>
  );
}
