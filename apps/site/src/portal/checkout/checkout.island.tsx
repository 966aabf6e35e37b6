/**
 * /portal/checkout?pack=<id>: the chosen pack and "Pay with Paddle". Paddle.js is loaded on that click
 * only; the purchase is started on the server (startCheckout), opened in Paddle's overlay, then
 * watched (every 2 s while the page is visible, for 10 minutes at most) until the signed notification
 * from Paddle has added the credits.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { usePortal } from '../components/portal-app.component';
import { ErrorMessage, Status } from '../components/status.component';
import { usePageQuery } from '../components/use-page-query.hook';
import { graphql } from '../graphql/generated';
import type { CheckoutPageQuery } from '../graphql/generated/graphql';
import { describeError, request } from '../graphql/graphql-client';
import { portalText } from '../i18n/portal-strings';
import { formatMoney, formatUsd } from '../lib/format';
import { portalHref, type PortalLocale } from '../lib/portal-locale';
import { checkoutText } from './checkout.strings';
import { loadPaddle, paddleLocale, type PaddleEvent, type PaddleSettings } from './paddle-js';

const CheckoutPage = graphql(`
  query CheckoutPage {
    creditPacks {
      id
      name
      credits
      price
      currency
    }
    checkoutSettings {
      scriptUrl
      clientToken
      environment
    }
  }
`);

const CheckoutStart = graphql(`
  mutation CheckoutStart($packId: ID!) {
    startCheckout(packId: $packId) {
      purchaseId
      transactionId
    }
  }
`);

const CheckoutPurchase = graphql(`
  query CheckoutPurchase($id: ID!) {
    purchase(id: $id) {
      id
      status
      credits
    }
  }
`);

const CheckoutBalance = graphql(`
  query CheckoutBalance {
    creditBalance {
      available
    }
  }
`);

const POLL_EVERY_MS = 2_000;
const GIVE_UP_AFTER_MS = 10 * 60_000;

type Pack = CheckoutPageQuery['creditPacks'][number];

type Phase =
  | { kind: 'idle' }
  | { kind: 'opening' }
  | { kind: 'script-failed' }
  | { kind: 'start-failed'; message: string }
  | { kind: 'waiting'; purchaseId: string }
  | { kind: 'closed' }
  | { kind: 'timeout'; purchaseId: string }
  | { kind: 'poll-failed'; purchaseId: string; message: string }
  | { kind: 'done'; purchaseId: string; credits: string; balance: string };

export function CheckoutPageIsland() {
  const { locale } = usePortal();
  const { data, error, load } = usePageQuery<CheckoutPageQuery>(locale, () => request(locale, CheckoutPage));
  const packId = new URLSearchParams(location.search).get('pack');

  if (error) return <ErrorMessage message={error} retryLabel={portalText(locale, 'shell.retry')} onRetry={load} />;
  if (!data) return <Status>{checkoutText(locale, 'loading')}</Status>;

  const creditsHref = portalHref(locale, '/portal/credits');
  if (!data.checkoutSettings)
    return <Problem message={checkoutText(locale, 'unavailable')} href={creditsHref} locale={locale} />;
  const pack = packId ? data.creditPacks.find((p) => p.id === packId) : undefined;
  if (!pack)
    return (
      <Problem
        message={checkoutText(locale, packId ? 'pack.unknown' : 'pack.none')}
        href={creditsHref}
        link={checkoutText(locale, 'pack.choose')}
        locale={locale}
      />
    );
  return <Checkout locale={locale} pack={pack} settings={data.checkoutSettings} />;
}

function Problem({
  locale,
  message,
  href,
  link,
}: {
  locale: PortalLocale;
  message: string;
  href: string;
  link?: string;
}) {
  return (
    <div class="checkout-problem">
      <p class="note">{message}</p>
      <p>
        <a href={href}>{link ?? checkoutText(locale, 'back')}</a>
      </p>
    </div>
  );
}

interface CheckoutProps {
  locale: PortalLocale;
  pack: Pack;
  settings: PaddleSettings;
}

function Checkout({ locale, pack, settings }: CheckoutProps) {
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [paid, setPaid] = useState(false);
  // Paddle's events arrive through a callback set once: they read the current state from refs.
  const phaseRef = useRef(phase);
  phaseRef.current = phase;
  const paidRef = useRef(false);
  const deadline = useRef(0);
  const doneHeading = useRef<HTMLHeadingElement>(null);

  const onPaddleEvent = (event: PaddleEvent) => {
    if (event.name === 'checkout.completed') {
      paidRef.current = true;
      setPaid(true);
    } else if (event.name === 'checkout.closed' && !paidRef.current && phaseRef.current.kind === 'waiting') {
      setPhase({ kind: 'closed' });
    }
  };

  const pay = async () => {
    paidRef.current = false;
    setPaid(false);
    setPhase({ kind: 'opening' });
    let paddle;
    try {
      paddle = await loadPaddle(settings, onPaddleEvent);
    } catch {
      setPhase({ kind: 'script-failed' });
      return;
    }
    let started;
    try {
      started = (await request(locale, CheckoutStart, { packId: pack.id })).startCheckout;
    } catch (err) {
      setPhase({ kind: 'start-failed', message: describeError(locale, err) });
      return;
    }
    deadline.current = Date.now() + GIVE_UP_AFTER_MS;
    setPhase({ kind: 'waiting', purchaseId: started.purchaseId });
    try {
      paddle.Checkout.open({
        transactionId: started.transactionId,
        settings: { displayMode: 'overlay', locale: paddleLocale(locale) },
      });
    } catch {
      setPhase({ kind: 'script-failed' });
    }
  };

  const watching = phase.kind === 'waiting' ? phase.purchaseId : null;
  useEffect(() => {
    if (!watching) return;
    const controller = new AbortController();
    let timer: number | undefined;
    let busy = false;
    const tick = async () => {
      timer = undefined;
      if (controller.signal.aborted || busy) return;
      if (Date.now() > deadline.current) {
        setPhase({ kind: 'timeout', purchaseId: watching });
        return;
      }
      // A hidden page asks nothing; it picks up again when it is shown (see below).
      if (document.hidden) return;
      busy = true;
      try {
        const { purchase } = await request(locale, CheckoutPurchase, { id: watching }, { signal: controller.signal });
        if (purchase.status === 'completed') {
          const { creditBalance } = await request(locale, CheckoutBalance, undefined, { signal: controller.signal });
          setPhase({ kind: 'done', purchaseId: watching, credits: purchase.credits, balance: creditBalance.available });
          return;
        }
      } catch (err) {
        if (controller.signal.aborted) return;
        setPhase({ kind: 'poll-failed', purchaseId: watching, message: describeError(locale, err) });
        return;
      } finally {
        busy = false;
      }
      if (!controller.signal.aborted) timer = window.setTimeout(() => void tick(), POLL_EVERY_MS);
    };
    const onVisibility = () => {
      if (!document.hidden && timer === undefined) void tick();
    };
    document.addEventListener('visibilitychange', onVisibility);
    timer = window.setTimeout(() => void tick(), POLL_EVERY_MS);
    return () => {
      controller.abort();
      window.clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [watching, locale]);

  useEffect(() => {
    if (phase.kind === 'done') doneHeading.current?.focus();
  }, [phase.kind]);

  const watchAgain = (purchaseId: string) => {
    deadline.current = Date.now() + GIVE_UP_AFTER_MS;
    setPhase({ kind: 'waiting', purchaseId });
  };

  if (phase.kind === 'done') {
    const receiptHref = `${portalHref(locale, '/portal/receipt')}?purchase=${encodeURIComponent(phase.purchaseId)}`;
    return (
      <section class="checkout-done" aria-labelledby="done-heading">
        <h2 id="done-heading" tabIndex={-1} ref={doneHeading}>
          {checkoutText(locale, 'done.heading')}
        </h2>
        <p>
          {checkoutText(locale, 'done.body', {
            credits: formatUsd(locale, phase.credits),
            balance: formatUsd(locale, phase.balance),
          })}
        </p>
        <ul class="page-links">
          <li>
            <a href={receiptHref}>{checkoutText(locale, 'done.receipt')}</a>
          </li>
          <li>
            <a href={portalHref(locale, '/portal/credits')}>{checkoutText(locale, 'done.credits')}</a>
          </li>
        </ul>
      </section>
    );
  }

  const progress =
    phase.kind === 'opening'
      ? checkoutText(locale, 'pay.loading')
      : phase.kind === 'waiting'
        ? checkoutText(locale, paid ? 'pay.paid' : 'pay.waiting')
        : phase.kind === 'closed'
          ? checkoutText(locale, 'pay.closed')
          : phase.kind === 'timeout'
            ? checkoutText(locale, 'pay.timeout')
            : '';
  const canPay = phase.kind !== 'opening' && phase.kind !== 'waiting';

  return (
    <>
      <section aria-labelledby="pack-heading">
        <h2 id="pack-heading">{checkoutText(locale, 'pack.heading')}</h2>
        <div class="checkout-pack">
          <h3>{pack.name}</h3>
          <dl class="figures">
            <div>
              <dt>{checkoutText(locale, 'pack.credits')}</dt>
              <dd>{formatUsd(locale, pack.credits)}</dd>
            </div>
            <div>
              <dt>{checkoutText(locale, 'pack.price')}</dt>
              <dd>{formatMoney(locale, pack.price, pack.currency)}</dd>
            </div>
          </dl>
          <p class="hint">{checkoutText(locale, 'pack.tax')}</p>
        </div>
      </section>
      <p>{checkoutText(locale, 'pay.note')}</p>
      <div class="checkout-actions">
        {canPay && (
          <button type="button" class="pay" onClick={() => void pay()}>
            {phase.kind === 'idle' ? checkoutText(locale, 'pay.button') : checkoutText(locale, 'pay.tryAgain')}
          </button>
        )}
        {(phase.kind === 'timeout' || phase.kind === 'poll-failed') && (
          <button type="button" onClick={() => watchAgain(phase.purchaseId)}>
            {checkoutText(locale, 'pay.checkAgain')}
          </button>
        )}
        <a href={portalHref(locale, '/portal/credits')}>{checkoutText(locale, 'back')}</a>
      </div>
      <p class="checkout-progress" role="status">
        {progress}
      </p>
      {phase.kind === 'script-failed' && (
        <p class="portal-error" role="alert">
          {checkoutText(locale, 'pay.scriptFailed')}
        </p>
      )}
      {(phase.kind === 'start-failed' || phase.kind === 'poll-failed') && (
        <p class="portal-error" role="alert">
          {phase.message}
        </p>
      )}
    </>
  );
}
