// Every newsroom page. Loaded in <head>, not deferred, so the page is marked scripted before it is drawn
// and a phone never shows the menu open and then folds it.
document.documentElement.classList.add('js');
{
  // A table wider than the screen scrolls in its own box; a keyboard can scroll that box only if it takes focus.
  const letKeyboardsScrollTables = () => {
    for (const box of document.querySelectorAll('.nr-table-wrap')) {
      if (box.scrollWidth > box.clientWidth) {
        box.tabIndex = 0;
      } else {
        box.removeAttribute('tabindex');
      }
    }
  };

  // On a narrow screen the menu folds behind a Menu button. Without script it stays open: nothing is out of
  // reach, the page is only longer.
  const foldTheMenu = () => {
    const button = document.querySelector('.nr-menu-button');
    const menu = button && document.getElementById(button.getAttribute('aria-controls'));
    if (!menu) {
      return;
    }

    const show = open => {
      button.setAttribute('aria-expanded', String(open));
      menu.classList.toggle('nr-open', open);
    };
    button.hidden = false;
    button.addEventListener('click', () => show(button.getAttribute('aria-expanded') !== 'true'));
    menu.addEventListener('keydown', event => {
      if (event.key === 'Escape' && button.getAttribute('aria-expanded') === 'true' && getComputedStyle(button).display !== 'none') {
        show(false);
        button.focus();
      }
    });
  };

  addEventListener('resize', letKeyboardsScrollTables);
  document.addEventListener('DOMContentLoaded', () => {
    letKeyboardsScrollTables();
    foldTheMenu();
  });
}
