// "Load more" (More Articles) and "Older comments": without JavaScript the link opens the next page; with
// it, the next page is fetched, its list appended in place, and the link moves on to the page after.
(() => {
  'use strict';
  if (!window.fetch || !window.DOMParser) return;

  document.addEventListener('click', async (event) => {
    const link = event.target.closest('a[data-load-more]');
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    if (link.getAttribute('aria-busy') === 'true') return;
    link.setAttribute('aria-busy', 'true');
    const section = link.closest('section[id]');
    const list = '#' + section.id + '>:is(ul,ol)';
    try {
      const response = await fetch(link.href);
      if (!response.ok) throw new Error(response.status);
      const page = new DOMParser().parseFromString(await response.text(), 'text/html');
      let first = null;
      let count = 0;
      page.querySelectorAll(list + ' > li').forEach((item) => {
        // Shown already: the discussion moved on since this page was made.
        if (item.id && document.getElementById(item.id)) return;
        first = first || item;
        count++;
        document.querySelector(list).append(document.adoptNode(item));
      });
      const next = page.querySelector('#' + section.id + ' a[data-load-more]');
      if (next) {
        link.href = next.getAttribute('href');
        link.removeAttribute('aria-busy');
      } else {
        link.parentElement.remove();
      }
      section.querySelector('[data-load-more-status]').textContent = count + ' more ' + link.dataset.loadMore + ' loaded.';
      first?.querySelector('h3 a,.comment-date a')?.focus();
    } catch {
      // Fall back to the plain link: the reader still gets the next page.
      window.location.href = link.href;
    }
  });
})();
