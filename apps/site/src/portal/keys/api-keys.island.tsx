/**
 * /portal/keys: the account's API keys (state, use, expiry, models), creating one (its secret shown
 * once), renaming and revoking.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { usePortal } from '../components/portal-app.component';
import { ErrorMessage, Status } from '../components/status.component';
import { graphql } from '../graphql/generated';
import type { KeysListQuery } from '../graphql/generated/graphql';
import { describeError, request } from '../graphql/graphql-client';
import { portalText } from '../i18n/portal-strings';
import { formatDate, formatDateTime } from '../lib/format';
import type { PortalLocale } from '../lib/portal-locale';
import { CreateKeyForm, type CreatedKey } from './create-key-form.component';
import { keyStatus } from './key-status';
import { keysText } from './keys.strings';
import { RevokeDialog } from './revoke-dialog.component';
import { SecretPanel } from './secret-panel.component';

const KeysList = graphql(`
  query KeysList {
    myApiKeys {
      id
      name
      prefix
      createdAt
      lastUsedAt
      expiresAt
      revokedAt
      allowedModels
    }
    models {
      id
    }
  }
`);

const KeysRename = graphql(`
  mutation KeysRename($id: ID!, $name: String!) {
    renameApiKey(id: $id, name: $name) {
      id
      name
    }
  }
`);

type ApiKeyRow = KeysListQuery['myApiKeys'][number];

export function ApiKeysPage() {
  const { locale } = usePortal();
  const [keys, setKeys] = useState<ApiKeyRow[] | null>(null);
  const [models, setModels] = useState<string[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const [revoking, setRevoking] = useState<ApiKeyRow | null>(null);
  const [notice, setNotice] = useState('');
  const listHeading = useRef<HTMLHeadingElement>(null);

  const load = () => {
    setLoadError(null);
    request(locale, KeysList).then(
      (data) => {
        setKeys(data.myApiKeys);
        setModels(data.models.map((m) => m.id));
      },
      (err: unknown) => setLoadError(describeError(locale, err)),
    );
  };
  useEffect(load, [locale]);

  if (loadError)
    return <ErrorMessage message={loadError} retryLabel={portalText(locale, 'shell.retry')} onRetry={load} />;
  if (!keys) return <Status>{keysText(locale, 'loading')}</Status>;

  const onCreated = (result: CreatedKey) => {
    setKeys([...keys, result.key]);
    setNotice('');
    setCreated({ name: result.key.name, secret: result.secret });
  };

  const onRevokeClosed = (row: ApiKeyRow, revokedAt: string | null) => {
    setRevoking(null);
    if (revokedAt) {
      setKeys(keys.map((k) => (k.id === row.id ? { ...k, revokedAt } : k)));
      setNotice(keysText(locale, 'revoke.done', { name: row.name }));
      // The button that opened the question is gone with the key's actions: continue from the list.
      listHeading.current?.focus();
    } else {
      document.getElementById(`revoke-${row.id}`)?.focus();
    }
  };

  return (
    <>
      {created && (
        <SecretPanel
          locale={locale}
          name={created.name}
          secret={created.secret}
          onDone={() => {
            setCreated(null);
            listHeading.current?.focus();
          }}
        />
      )}
      <section aria-labelledby="keys-heading">
        <h2 id="keys-heading" tabIndex={-1} ref={listHeading}>
          {keysText(locale, 'list.heading')}
        </h2>
        <p class="keys-notice" role="status">
          {notice}
        </p>
        {keys.length === 0 ? (
          <p>{keysText(locale, 'list.empty')}</p>
        ) : (
          <KeyList
            locale={locale}
            keys={keys}
            onRenamed={(id, name) => {
              setKeys(keys.map((k) => (k.id === id ? { ...k, name } : k)));
              setNotice(keysText(locale, 'rename.done', { name }));
            }}
            onRevoke={setRevoking}
          />
        )}
      </section>
      <CreateKeyForm locale={locale} models={models} onCreated={onCreated} />
      {revoking && (
        <RevokeDialog
          locale={locale}
          keyId={revoking.id}
          name={revoking.name}
          onClosed={(revokedAt) => onRevokeClosed(revoking, revokedAt)}
        />
      )}
    </>
  );
}

interface KeyListProps {
  locale: PortalLocale;
  keys: ApiKeyRow[];
  onRenamed: (id: string, name: string) => void;
  onRevoke: (row: ApiKeyRow) => void;
}

function KeyList({ locale, keys, onRenamed, onRevoke }: KeyListProps) {
  const [renaming, setRenaming] = useState<string | null>(null);
  const now = Date.now();
  const sep = keysText(locale, 'listSeparator');
  const stopRenaming = (id: string) => {
    setRenaming(null);
    // After the card is drawn again with its buttons.
    requestAnimationFrame(() => document.getElementById(`rename-${id}`)?.focus());
  };
  // One card per key, not a table: eight columns do not fit beside the portal's navigation, let
  // alone on a phone, and the actions must never be scrolled out of sight.
  return (
    <ul class="key-list">
      {keys.map((key) => {
        const status = keyStatus(key, now);
        const headingId = `key-${key.id}`;
        return (
          <li key={key.id} class={`key-card key-card-${status}`}>
            <div class="key-head">
              {renaming === key.id ? (
                <RenameForm
                  locale={locale}
                  row={key}
                  onDone={(name) => {
                    if (name !== null) onRenamed(key.id, name);
                    stopRenaming(key.id);
                  }}
                />
              ) : (
                <h3 id={headingId}>{key.name}</h3>
              )}
              <span class={`badge key-status key-${status}`}>{keysText(locale, `status.${status}`)}</span>
            </div>
            <dl class="key-facts">
              <div>
                <dt>{keysText(locale, 'col.prefix')}</dt>
                <dd>
                  <code class="key-prefix">{key.prefix}…</code>
                </dd>
              </div>
              <div>
                <dt>{keysText(locale, 'col.created')}</dt>
                <dd>{formatDate(locale, key.createdAt)}</dd>
              </div>
              <div>
                <dt>{keysText(locale, 'col.lastUsed')}</dt>
                <dd>{key.lastUsedAt ? formatDateTime(locale, key.lastUsedAt) : keysText(locale, 'never')}</dd>
              </div>
              <div>
                <dt>{keysText(locale, status === 'revoked' ? 'col.revoked' : 'col.expires')}</dt>
                <dd>
                  {status === 'revoked' && key.revokedAt
                    ? formatDateTime(locale, key.revokedAt)
                    : key.expiresAt
                      ? formatDateTime(locale, key.expiresAt)
                      : keysText(locale, 'noExpiry')}
                </dd>
              </div>
              <div class="key-models">
                <dt>{keysText(locale, 'col.models')}</dt>
                <dd>{key.allowedModels ? key.allowedModels.join(sep) : keysText(locale, 'allModels')}</dd>
              </div>
            </dl>
            {renaming !== key.id && (
              <div class="keys-actions">
                <button
                  type="button"
                  id={`rename-${key.id}`}
                  aria-label={keysText(locale, 'rename.buttonLabel', { name: key.name })}
                  onClick={() => setRenaming(key.id)}
                >
                  {keysText(locale, 'rename.button')}
                </button>
                {status !== 'revoked' && (
                  <button
                    type="button"
                    class="danger"
                    id={`revoke-${key.id}`}
                    aria-label={keysText(locale, 'revoke.buttonLabel', { name: key.name })}
                    onClick={() => onRevoke(key)}
                  >
                    {keysText(locale, 'revoke.button')}
                  </button>
                )}
              </div>
            )}
          </li>
        );
      })}
    </ul>
  );
}

interface RenameProps {
  locale: PortalLocale;
  row: ApiKeyRow;
  /** The new name, or null when the rename was abandoned. */
  onDone: (name: string | null) => void;
}

function RenameForm({ locale, row, onDone }: RenameProps) {
  const [value, setValue] = useState(row.name);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, []);

  const submit = async (event: Event) => {
    event.preventDefault();
    const name = value.trim();
    if (!name) {
      setError(keysText(locale, 'create.nameMissing'));
      return;
    }
    if (name === row.name) {
      onDone(null);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const { renameApiKey } = await request(locale, KeysRename, { id: row.id, name });
      onDone(renameApiKey.name);
    } catch (err) {
      setError(describeError(locale, err));
      setBusy(false);
    }
  };

  const inputId = `rename-input-${row.id}`;
  return (
    <form class="rename-form" noValidate onSubmit={(e) => void submit(e)}>
      <label class="visually-hidden" for={inputId}>
        {keysText(locale, 'rename.label', { name: row.name })}
      </label>
      <input
        id={inputId}
        ref={input}
        type="text"
        required
        maxLength={100}
        autoComplete="off"
        value={value}
        onInput={(e) => setValue(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            onDone(null);
          }
        }}
      />
      <div class="keys-actions">
        <button type="submit" disabled={busy}>
          {keysText(locale, 'rename.save')}
        </button>
        <button type="button" onClick={() => onDone(null)}>
          {keysText(locale, 'rename.cancel')}
        </button>
      </div>
      {error && (
        <p class="portal-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
