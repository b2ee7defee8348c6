// Starts Scalar's API reference (its standalone script, served by this site) on our OpenAPI document. The settings live
// in this file rather than inline so the page keeps a script policy of same-origin files only. Nothing is fetched from
// another host: no web fonts, no request proxy.
(function () {
  var target = document.getElementById('api-reference');
  Scalar.createApiReference(target, {
    url: target.dataset.url,
    withDefaultFonts: false,
    proxyUrl: '',
    hideClientButton: true,
    hideDarkModeToggle: false,
    telemetry: false,
    mcp: { disabled: true },
    agent: { disabled: true },
    showDeveloperTools: 'never',
    documentDownloadType: 'json',
    metaData: { title: target.dataset.title }
  });
})();
