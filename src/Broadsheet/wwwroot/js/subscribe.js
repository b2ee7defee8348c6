// The subscribe form: solves the page's anti-spam challenge in workers (the same proof of work as the comment
// form), then lets the post go straight through. Without this script the form still works: the server asks the
// reader to confirm on a second page instead.
(() => {
  'use strict';

  const form = document.querySelector('[data-subscribe-form]');
  if (!form || !form.dataset.challengeJson) return;
  const workerUrl = new URL('altcha-worker.js', document.currentScript.src).href;
  const box = form.querySelector('[data-challenge]');
  const payloadInput = form.querySelector('[data-challenge-payload]');
  const status = form.querySelector('[data-challenge-status]');
  const button = form.querySelector('button[type="submit"]');
  const challenge = JSON.parse(form.dataset.challengeJson);
  const workerCount = Math.max(1, Math.min(4, navigator.hardwareConcurrency || 2));
  let state = 'idle';
  let workers = [];
  let submitWhenDone = false;

  box.hidden = false;
  status.textContent = 'A quick anti-spam check runs in this browser: no puzzle, no tracking.';

  function stop() {
    for (const w of workers) w.terminate();
    workers = [];
  }

  function solve() {
    if (state !== 'idle') return;
    state = 'verifying';
    box.dataset.state = state;
    status.textContent = 'Checking that you are not a robot…';
    const started = performance.now();
    const onMessage = (event) => {
      stop();
      if (event.data.error) {
        // The server then asks for the confirming step, as without script.
        state = 'error';
        status.textContent = 'The anti-spam check could not run in this browser; you will be asked to confirm on the next page.';
      } else {
        const solution = { ...event.data, time: Math.round((performance.now() - started) * 10) / 10 };
        payloadInput.value = btoa(JSON.stringify({ challenge, solution }));
        state = 'verified';
        status.textContent = 'Verified: you can subscribe.';
      }
      box.dataset.state = state;
      if (submitWhenDone) form.requestSubmit();
    };
    for (let i = 0; i < workerCount; i++) {
      const w = new Worker(workerUrl);
      w.onmessage = onMessage;
      w.postMessage({ parameters: challenge.parameters, start: i, step: workerCount });
      workers.push(w);
    }
  }

  form.addEventListener('focusin', solve);

  form.addEventListener('submit', (event) => {
    if (state === 'idle' || state === 'verifying') {
      event.preventDefault();
      submitWhenDone = true;
      button.disabled = true;
      status.textContent = 'Subscribing as soon as the check is done…';
      solve();
      return;
    }
    button.disabled = true;
    window.addEventListener('pageshow', () => { button.disabled = false; }, { once: true });
  });
})();
