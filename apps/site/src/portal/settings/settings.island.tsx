/**
 * Account settings: the contact email (changed through a link sent to the new address), the display
 * name, the language, the linked sign-in providers and the history of profile changes. Starting a
 * sign-in while signed in links that provider; the API then comes back here with `?linked=<provider>`.
 * (The privacy centre has its own page, /portal/privacy.)
 */
import { NETWORK_ERROR, UI_LANGUAGES, type UiLanguage } from '@vipcloud/contracts';
import { useEffect, useState } from 'preact/hooks';
import { usePortal } from '../components/portal-app.component';
import { ErrorMessage, Status } from '../components/status.component';
import { graphql } from '../graphql/generated';
import type { SettingsAccountQuery } from '../graphql/generated/graphql';
import { describeError, request } from '../graphql/graphql-client';
import { errorSentence } from '../lib/error-sentence';
import { portalHref, type PortalLocale } from '../lib/portal-locale';
import { EmailChangeForm, takeEmailOutcome } from './email-change.component';
import { ProfileChanges } from './profile-changes.component';
import { settingsText as text } from './settings.strings';

const SettingsAccount = graphql(`
  query SettingsAccount {
    me {
      id
      email
      displayName
      signInMethods
    }
    signInProviders
  }
`);

const SettingsSetName = graphql(`
  mutation SettingsSetName($name: String) {
    setDisplayName(name: $name) {
      id
      displayName
    }
  }
`);

const PROVIDERS = ['github', 'google'] as const;
type Provider = (typeof PROVIDERS)[number];
const PROVIDER_NAMES: Record<Provider, string> = { github: 'GitHub', google: 'Google' };

function isProvider(value: string | null): value is Provider {
  return value !== null && (PROVIDERS as readonly string[]).includes(value);
}

const LANGUAGE_NAMES: Record<UiLanguage, { name: string; lang: string; locale: PortalLocale }> = {
  en: { name: 'English', lang: 'en', locale: 'en' },
  'zh-CN': { name: '简体中文', lang: 'zh-CN', locale: 'zh-cn' },
};

/** Reads `?linked=` once and takes it out of the address, so a reload does not announce it again. */
function takeLinkedProvider(): Provider | null {
  const params = new URLSearchParams(location.search);
  const linked = params.get('linked');
  if (params.has('linked')) {
    params.delete('linked');
    const query = params.toString();
    history.replaceState(history.state, '', location.pathname + (query ? `?${query}` : '') + location.hash);
  }
  return isProvider(linked) ? linked : null;
}

function NameForm({ locale, initial, onSaved }: { locale: PortalLocale; initial: string | null; onSaved: () => void }) {
  const [name, setName] = useState(initial ?? '');
  const [state, setState] = useState<
    { kind: 'idle' } | { kind: 'busy' } | { kind: 'saved'; cleared: boolean } | { kind: 'error'; message: string }
  >({ kind: 'idle' });

  async function onSubmit(event: Event) {
    event.preventDefault();
    setState({ kind: 'busy' });
    try {
      const { setDisplayName } = await request(locale, SettingsSetName, { name: name.trim() === '' ? null : name });
      setName(setDisplayName.displayName ?? '');
      setState({ kind: 'saved', cleared: setDisplayName.displayName === null });
      onSaved();
    } catch (err) {
      setState({ kind: 'error', message: describeError(locale, err) });
    }
  }

  return (
    <form class="settings-name" onSubmit={onSubmit}>
      <label for="settings-name">{text(locale, 'name.label')}</label>
      <p id="settings-name-hint" class="settings-hint">
        {text(locale, 'name.hint')}
      </p>
      <div class="settings-row">
        <input
          id="settings-name"
          type="text"
          autoComplete="nickname"
          maxLength={100}
          value={name}
          aria-describedby="settings-name-hint"
          onInput={(e) => setName(e.currentTarget.value)}
        />
        <button type="submit" disabled={state.kind === 'busy'}>
          {text(locale, 'name.save')}
        </button>
      </div>
      <p class="portal-status" role="status">
        {state.kind === 'busy' && text(locale, 'name.saving')}
        {state.kind === 'saved' && text(locale, state.cleared ? 'name.cleared' : 'name.saved')}
      </p>
      {state.kind === 'error' && <ErrorMessage message={state.message} />}
    </form>
  );
}

function LanguageChoice({ locale }: { locale: PortalLocale }) {
  // The choice stays shown while the other language's page loads (and goes back if saving it failed).
  const [chosen, setChosen] = useState<PortalLocale>(locale);
  const [state, setState] = useState<{ kind: 'idle' } | { kind: 'busy' } | { kind: 'error'; message: string }>({
    kind: 'idle',
  });

  async function choose(language: UiLanguage) {
    const target = LANGUAGE_NAMES[language].locale;
    if (target === locale) return;
    setChosen(target);
    setState({ kind: 'busy' });
    let response: Response;
    try {
      response = await fetch('/preferences/language', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ language }),
      });
    } catch {
      setChosen(locale);
      setState({ kind: 'error', message: errorSentence(locale, NETWORK_ERROR, null) });
      return;
    }
    if (!response.ok) {
      setChosen(locale);
      setState({ kind: 'error', message: errorSentence(locale, 'INTERNAL_SERVER_ERROR', null) });
      return;
    }
    location.assign(portalHref(target, '/portal/settings'));
  }

  return (
    <fieldset class="settings-language" aria-describedby="settings-language-hint">
      <legend>{text(locale, 'language.legend')}</legend>
      <p id="settings-language-hint" class="settings-hint">
        {text(locale, 'language.hint')}
      </p>
      {UI_LANGUAGES.map((language) => {
        const { name, lang, locale: itsLocale } = LANGUAGE_NAMES[language];
        return (
          <div class="settings-radio" key={language}>
            <input
              type="radio"
              id={`settings-language-${language}`}
              name="language"
              value={language}
              checked={itsLocale === chosen}
              disabled={state.kind === 'busy'}
              onChange={() => void choose(language)}
            />
            <label for={`settings-language-${language}`} lang={lang}>
              {name}
            </label>
          </div>
        );
      })}
      {state.kind === 'busy' && <Status>{text(locale, 'language.switching')}</Status>}
      {state.kind === 'error' && <ErrorMessage message={state.message} />}
    </fieldset>
  );
}

function SignInMethods({ locale, data }: { locale: PortalLocale; data: SettingsAccountQuery }) {
  const linked = new Set(data.me.signInMethods);
  const offered = new Set(data.signInProviders);
  const shown = PROVIDERS.filter((p) => linked.has(p) || offered.has(p));
  const canLink = shown.some((p) => !linked.has(p));
  return (
    <>
      <p>{text(locale, 'methods.intro')}</p>
      <ul class="settings-methods" aria-label={text(locale, 'methods.listLabel')}>
        {shown.map((provider) => (
          <li key={provider}>
            <span class="settings-method-name">{PROVIDER_NAMES[provider]}</span>
            {linked.has(provider) ? (
              <span class="badge">{text(locale, 'methods.linked')}</span>
            ) : (
              // A plain navigation: starting a sign-in while signed in links the provider.
              <a href={`/auth/${provider}`}>{text(locale, 'methods.link', { provider: PROVIDER_NAMES[provider] })}</a>
            )}
          </li>
        ))}
      </ul>
      {canLink && <p class="settings-hint">{text(locale, 'methods.linkNote')}</p>}
    </>
  );
}

export function SettingsPage() {
  const { locale } = usePortal();
  const [justLinked] = useState(takeLinkedProvider);
  const [emailOutcome] = useState(takeEmailOutcome);
  // Saving the name adds a change to the history: it is loaded again.
  const [changesVersion, setChangesVersion] = useState(0);
  const [data, setData] = useState<SettingsAccountQuery | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    request(locale, SettingsAccount).then(setData, (err: unknown) => setError(describeError(locale, err)));
  }, [locale]);

  if (error) return <ErrorMessage message={error} />;
  if (!data) return <Status>{text(locale, 'loading')}</Status>;

  return (
    <div class="settings">
      {justLinked && (
        <p class="note" role="status">
          {text(locale, 'methods.justLinked', { provider: PROVIDER_NAMES[justLinked] })}
        </p>
      )}
      {emailOutcome === 'confirmed' && (
        <p class="note" role="status">
          {text(locale, 'email.confirmed')}
        </p>
      )}
      {emailOutcome === 'invalid' && (
        <div class="portal-error" role="alert">
          <p>{text(locale, 'email.invalid')}</p>
        </div>
      )}
      <section aria-labelledby="settings-profile">
        <h2 id="settings-profile">{text(locale, 'profile.heading')}</h2>
        <dl class="settings-email">
          <dt>{text(locale, 'profile.email')}</dt>
          <dd>
            {data.me.email} <span class="settings-hint">{text(locale, 'profile.emailNote')}</span>
          </dd>
        </dl>
        <EmailChangeForm locale={locale} current={data.me.email} />
        <NameForm locale={locale} initial={data.me.displayName} onSaved={() => setChangesVersion((v) => v + 1)} />
      </section>
      <section aria-labelledby="settings-language">
        <h2 id="settings-language">{text(locale, 'language.heading')}</h2>
        <LanguageChoice locale={locale} />
      </section>
      <section aria-labelledby="settings-methods">
        <h2 id="settings-methods">{text(locale, 'methods.heading')}</h2>
        <SignInMethods locale={locale} data={data} />
      </section>
      <section aria-labelledby="settings-changes">
        <h2 id="settings-changes">{text(locale, 'changes.heading')}</h2>
        <ProfileChanges key={changesVersion} locale={locale} />
      </section>
    </div>
  );
}
