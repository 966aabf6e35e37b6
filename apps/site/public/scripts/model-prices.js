// The models page's prices as this server charges them now: the table is built with the site from
// the model catalog; this asks the public GraphQL `models` query (same origin) and updates the
// prices, so operators' price edits show. If the request fails, the build-time prices stay.
(function () {
  var table = document.querySelector('table[data-model-prices]');
  if (!table || !window.fetch) return;

  // Integer micro-USD per 1M tokens as dollars, at least 2 decimals (as the build formats them).
  function usdPerMillion(micros) {
    var fraction = String(micros % 1000000);
    while (fraction.length < 6) fraction = '0' + fraction;
    while (fraction.length > 2 && fraction.charAt(fraction.length - 1) === '0') fraction = fraction.slice(0, -1);
    return '$' + Math.floor(micros / 1000000) + '.' + fraction;
  }

  var query = '{ models { id price { inputMicrosPerMillion cachedInputMicrosPerMillion outputMicrosPerMillion } } }';
  fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: query }),
    credentials: 'omit',
  })
    .then(function (res) {
      if (!res.ok) throw new Error('HTTP ' + res.status);
      return res.json();
    })
    .then(function (body) {
      var models = body && body.data && body.data.models;
      if (!Array.isArray(models)) throw new Error('no models in the answer');
      var byId = {};
      models.forEach(function (m) {
        byId[m.id] = m;
      });
      table.querySelectorAll('tr[data-model]').forEach(function (row) {
        var live = byId[row.getAttribute('data-model')];
        var note = row.querySelector('[data-model-note]');
        if (!live) {
          if (note) note.textContent = table.getAttribute('data-unavailable-text') || '';
          return;
        }
        row.querySelectorAll('[data-price]').forEach(function (cell) {
          var micros = live.price[cell.getAttribute('data-price')];
          if (typeof micros === 'number' && micros >= 0) cell.textContent = usdPerMillion(micros);
        });
      });
      var status = document.querySelector('[data-model-prices-status]');
      if (status) status.textContent = status.getAttribute('data-live-text') || status.textContent;
    })
    .catch(function () {
      // Offline, an old server, a blocked request: the prices published with the site stand.
    });
})();
