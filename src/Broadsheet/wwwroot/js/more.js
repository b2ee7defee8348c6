// "Load more" for More Articles: without JavaScript the link opens the next page; with it,
// the next page is fetched and its articles are appended in place.
(() => {
  'use strict';
  const section = document.getElementById('more-articles');
  if (!section || !window.fetch || !window.DOMParser) return;
  const status = section.querySelector('[data-load-more-status]');

  section.addEventListener('click', async (event) => {
    const link = event.target.closest('a[data-load-more]');
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    if (link.getAttribute('aria-busy') === 'true') return;
    link.setAttribute('aria-busy', 'true');
    try {
      const response = await fetch(link.href, { headers: { Accept: 'text/html' }, credentials: 'same-origin' });
      if (!response.ok) throw new Error(String(response.status));
      const page = new DOMParser().parseFromString(await response.text(), 'text/html');
      const list = section.querySelector('[data-article-list]');
      const items = page.querySelectorAll('#more-articles [data-article-list] > li');
      let first = null;
      items.forEach((item) => {
        const adopted = document.importNode(item, true);
        list.appendChild(adopted);
        first = first || adopted;
      });
      const next = page.querySelector('#more-articles a[data-load-more]');
      if (next) {
        link.href = next.getAttribute('href');
        link.removeAttribute('aria-busy');
      } else {
        link.parentElement.remove();
      }
      if (status) status.textContent = items.length + ' more articles loaded.';
      const focusTarget = first && first.querySelector('h3 a');
      if (focusTarget) focusTarget.focus();
    } catch {
      // Fall back to the plain link: the reader still gets the next page.
      window.location.href = link.href;
    }
  });
})();
