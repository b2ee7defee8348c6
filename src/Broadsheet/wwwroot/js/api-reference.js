// Starts Scalar's API reference (its standalone script, served by this site) on our OpenAPI document. The settings live
// in this file rather than inline so the page keeps a script policy of same-origin files only. Nothing is fetched from
// another host: no web fonts, no request proxy. (The element is not called api-reference: Scalar's script would mount
// itself on one with its default settings, web fonts included.)
(function () {
  var target = document.getElementById('reference');
  Scalar.createApiReference(target, {
    url: target.dataset.document,
    withDefaultFonts: false,
    proxyUrl: '',
    hideClientButton: true,
    hideDarkModeToggle: false,
    telemetry: false,
    mcp: { disabled: true },
    agent: { disabled: true },
    showDeveloperTools: 'never',
    documentDownloadType: 'json',
    metaData: { title: target.dataset.title },
    // The default theme's faint text (placeholders, hints) and the examples' numbers and literals are below WCAG AA
    // contrast (axe: color-contrast); darker in light mode and lighter in dark mode, they read at 4.5:1 or better.
    customCss: '.light-mode { --scalar-color-3: #595959; } .dark-mode { --scalar-color-3: #a6a6a6; }'
      + ' .light-mode .hljs-number, .light-mode .hljs-literal { color: #8a4500; }'
      + ' .dark-mode .hljs-number, .dark-mode .hljs-literal { color: #ffb870; }'
  });
})();
