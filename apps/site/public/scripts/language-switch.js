// The language switch is a plain link to the same page in the other language; this only remembers the
// choice in the vc_lang cookie so the next visit to / opens in that language. Without JavaScript the
// link still works; the choice is just not remembered.
(function () {
  'use strict';
  document.addEventListener('click', function (event) {
    var target = event.target instanceof Element ? event.target.closest('a[data-set-lang]') : null;
    if (!target) return;
    var lang = target.getAttribute('data-set-lang');
    if (lang !== 'en' && lang !== 'zh-CN') return;
    var cookie = 'vc_lang=' + lang + '; path=/; max-age=31536000; SameSite=Lax';
    if (location.protocol === 'https:') cookie += '; Secure';
    document.cookie = cookie;
  });
})();
