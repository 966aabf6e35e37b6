/**
 * The few parts of Paddle.js (v2) the checkout page uses, typed, and its loading: the script is added
 * only when the user chooses to pay (no third-party code on any other page or before that click), once
 * per page, and initialised once, as Paddle.js requires. Its events go to whichever handler the page
 * set last, so trying again after closing the checkout needs no second initialisation.
 */

/** An event Paddle.js reports (`checkout.loaded`, `checkout.completed`, `checkout.closed`, …). */
export interface PaddleEvent {
  name?: string;
}

export interface PaddleCheckoutOptions {
  transactionId: string;
  settings?: { displayMode?: 'overlay'; locale?: string };
}

export interface PaddleJs {
  Environment: { set(environment: 'sandbox'): void };
  Initialize(options: { token: string; eventCallback?: (event: PaddleEvent) => void }): void;
  Checkout: { open(options: PaddleCheckoutOptions): void };
}

export interface PaddleSettings {
  scriptUrl: string;
  clientToken: string;
  environment: string;
}

let loading: Promise<PaddleJs> | null = null;
let handler: ((event: PaddleEvent) => void) | null = null;

export function loadPaddle(settings: PaddleSettings, onEvent: (event: PaddleEvent) => void): Promise<PaddleJs> {
  handler = onEvent;
  if (!loading) {
    loading = new Promise<PaddleJs>((resolve, reject) => {
      const script = document.createElement('script');
      script.src = settings.scriptUrl;
      script.async = true;
      const fail = (reason: string) => {
        // Forget the attempt, so the next click adds the script again.
        script.remove();
        loading = null;
        reject(new Error(reason));
      };
      script.addEventListener('error', () => fail('Paddle.js did not load'));
      script.addEventListener('load', () => {
        const paddle = (window as Window & { Paddle?: PaddleJs }).Paddle;
        if (!paddle) return fail('Paddle.js loaded without defining Paddle');
        try {
          if (settings.environment === 'sandbox') paddle.Environment.set('sandbox');
          paddle.Initialize({ token: settings.clientToken, eventCallback: (event) => handler?.(event) });
        } catch {
          return fail('Paddle.js did not initialise');
        }
        resolve(paddle);
      });
      document.head.append(script);
    });
  }
  return loading;
}

/** Paddle's name for the page's language in its checkout. */
export function paddleLocale(locale: 'en' | 'zh-cn'): string {
  return locale === 'zh-cn' ? 'zh-Hans' : 'en';
}
