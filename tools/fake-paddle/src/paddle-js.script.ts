/**
 * A stand-in for Paddle.js (v2), served by the fake at `GET /paddle.js` for browser tests of the
 * checkout page. It offers what the page calls — `Paddle.Environment.set`, `Paddle.Initialize`,
 * `Paddle.Checkout.open` — and opens no overlay: it records what it was given on `window`
 * (`__paddleEnvironment`, `__paddleInitialize`, `__paddleCheckout`) and reports `checkout.loaded` to
 * the page's event callback, as Paddle's overlay does once it shows. A test plays the customer by
 * calling `window.__paddleEmit(name, data)` (e.g. `checkout.completed`) after it delivered the
 * signed notification.
 */
export const PADDLE_JS_PATH = '/paddle.js';

export const PADDLE_JS_STAND_IN = `(function () {
  'use strict';
  var callback = null;
  function emit(name, data) {
    if (typeof callback === 'function') callback({ name: name, data: data || {} });
  }
  window.__paddleEmit = emit;
  window.Paddle = {
    Initialized: false,
    Environment: {
      set: function (environment) {
        window.__paddleEnvironment = environment;
      },
    },
    Initialize: function (options) {
      options = options || {};
      callback = options.eventCallback || null;
      window.__paddleInitialize = { token: options.token };
      window.Paddle.Initialized = true;
    },
    Update: function (options) {
      if (options && options.eventCallback) callback = options.eventCallback;
    },
    Checkout: {
      open: function (options) {
        options = options || {};
        var transactionId = options.transactionId;
        window.__paddleCheckout = { transactionId: transactionId, settings: options.settings || null };
        emit('checkout.loaded', { transaction_id: transactionId, status: 'draft' });
      },
      close: function () {
        window.__paddleCheckoutClosed = true;
        emit('checkout.closed', {});
      },
    },
  };
})();
`;
