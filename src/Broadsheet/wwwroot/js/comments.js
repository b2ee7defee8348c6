// The comment form on the (cached, same-for-everyone) article page: fetches this reader's state (antiforgery
// token, signed form time, anti-spam challenge, remembered name, their own held comments), solves the
// challenge in a worker, validates before posting, moves the form under a comment to reply, and reports
// comments. Without this script the form still posts; the comment then waits for a moderator.
(() => {
  'use strict';

  const EXPIRED = 'The verification period has expired. Please reload the page.';
  const MESSAGES = {
    Comment: 'Please enter your comment!',
    Name: 'Please enter your name here',
    Email: 'You have entered an incorrect email address!',
    Website: 'Please enter a website address starting with http:// or https://, or leave it empty.',
  };
  const workerUrl = new URL('altcha-worker.js', document.currentScript.src).href;
  const form = document.querySelector('[data-comment-form]');
  let token = form ? form.querySelector('input[name="__RequestVerificationToken"]')?.value : null;

  const heldHtml = '<article aria-label="Your comment"><header><p class="comment-author"><bdi></bdi></p></header>' +
    '<p class="awaiting">Your comment is awaiting moderation.</p><div class="comment-body" dir="auto"></div></article>';

  function renderHeld(list) {
    const section = document.querySelector('[data-comments]');
    if (!section) return;
    for (const held of list) {
      if (document.getElementById('comment-' + held.id)) continue;
      const li = document.createElement('li');
      li.className = 'comment held';
      li.id = 'comment-' + held.id;
      li.innerHTML = heldHtml;
      li.querySelector('.comment-author bdi').textContent = held.name;
      // Made and encoded by the server (CommentText.ToHtml).
      li.querySelector('.comment-body').innerHTML = held.bodyHtml;
      const parent = held.parentId ? document.getElementById('comment-' + held.parentId) : null;
      let list = parent ? parent.querySelector(':scope > ol') : section.querySelector(':scope > ol.thread');
      if (!list) {
        list = document.createElement('ol');
        list.className = parent ? 'thread replies' : 'thread';
        (parent || section).appendChild(list);
      }
      list.appendChild(li);
    }
    if (location.hash && /^#comment-\d+$/.test(location.hash)) {
      document.getElementById(location.hash.slice(1))?.scrollIntoView();
    }
  }

  // The server's clock (its Date header), so a challenge's life is counted from when it arrived, not from a
  // reader's clock that may be minutes or hours off.
  function serverTime(response) {
    const date = Date.parse(response.headers.get('Date') || '');
    return Number.isNaN(date) ? Date.now() : date;
  }

  // This reader's state is fetched only when needed (the cached page stays one request for readers who only
  // read): when they start on the form, reply or report, or when a cookie hints that they have a comment
  // awaiting moderation here.
  let statePromise = null;
  let applyState = () => {};

  function ensureState() {
    if (!statePromise) {
      statePromise = fetch('/comments/state' + (form ? '?article=' + form.dataset.article : ''), { credentials: 'same-origin', cache: 'no-store' })
        .then(async (response) => {
          if (!response.ok) throw new Error(String(response.status));
          const s = await response.json();
          s.receivedAt = Date.now();
          s.serverNow = serverTime(response);
          return s;
        })
        .then((s) => {
          token = s.token;
          applyState(s);
          return s;
        });
    }
    return statePromise;
  }

  // Reports work wherever comments show, open or closed.
  document.addEventListener('click', async (event) => {
    const link = event.target.closest('a[data-report]');
    if (!link) return;
    event.preventDefault();
    try {
      if (!token) await ensureState();
    } catch {
      location.href = link.href;
      return;
    }
    const body = new URLSearchParams({ __RequestVerificationToken: token });
    try {
      const response = await fetch('/comments/report?id=' + link.dataset.report, { method: 'POST', body, credentials: 'same-origin' });
      if (!response.ok) throw new Error(String(response.status));
      const done = document.createElement('span');
      done.className = 'comment-reported';
      done.setAttribute('role', 'status');
      done.textContent = 'Reported. Thank you: a moderator will look at it.';
      link.replaceWith(done);
    } catch {
      location.href = link.href;
    }
  });

  if (!form) return;

  const field = (name) => form.elements.namedItem(name);
  const challengeBox = form.querySelector('[data-challenge]');
  const payloadInput = form.querySelector('[data-challenge-payload]');
  const status = form.querySelector('[data-challenge-status]');
  const retry = form.querySelector('[data-challenge-retry]');
  const formMessage = form.querySelector('[data-form-message]');
  const submitButton = form.querySelector('button[type="submit"]');
  const respond = form.closest('#respond');
  const replyingTo = respond.querySelector('[data-replying-to]');
  const parentInput = form.querySelector('[data-parent-id]');
  const maxLength = Number(form.dataset.maxLength) || 5000;
  let state = 'idle';
  let payload = '';
  let workers = [];
  let expiryTimer = 0;
  let postWhenVerified = false;
  let home = null;

  challengeBox.hidden = false;
  status.textContent = 'A quick anti-spam check runs in this browser when you start writing: no puzzle, no tracking.';

  function setState(next, text) {
    state = next;
    challengeBox.dataset.state = next;
    status.textContent = text;
  }

  function showMessage(text) {
    formMessage.replaceChildren();
    if (text) {
      const p = document.createElement('p');
      p.textContent = text;
      formMessage.appendChild(p);
    }
  }

  function addHidden(name, value) {
    let input = field(name);
    if (!input) {
      input = document.createElement('input');
      input.type = 'hidden';
      input.name = name;
      form.prepend(input);
    }
    input.value = value;
  }

  function stopWorkers() {
    for (const w of workers) w.terminate();
    workers = [];
  }

  // The search splits over a few workers (counters i, i + n, i + 2n …): about n times faster on a phone's cores.
  const workerCount = Math.max(1, Math.min(4, navigator.hardwareConcurrency || 2));

  function solve(challenge, serverNow, receivedAt) {
    clearTimeout(expiryTimer);
    stopWorkers();
    payload = '';
    payloadInput.value = '';
    retry.hidden = true;
    setState('verifying', 'Checking that you are not a robot…');
    const started = performance.now();
    const onMessage = (event) => {
      stopWorkers();
      if (event.data.error) {
        setState('error', 'The anti-spam check could not run in this browser; your comment will wait for a moderator.');
        if (postWhenVerified) form.requestSubmit();
        return;
      }
      const solution = { ...event.data, time: Math.round((performance.now() - started) * 10) / 10 };
      payload = btoa(JSON.stringify({ challenge, solution }));
      setState('verified', 'Verified: you can post your comment.');
      if (postWhenVerified) {
        postWhenVerified = false;
        form.requestSubmit();
      }
    };
    for (let i = 0; i < workerCount; i++) {
      const w = new Worker(workerUrl);
      w.onmessage = onMessage;
      w.postMessage({ parameters: challenge.parameters, start: i, step: workerCount });
      workers.push(w);
    }
    const lifetime = challenge.parameters.expiresAt * 1000 - (serverNow || Date.now()) - (Date.now() - (receivedAt || Date.now()));
    expiryTimer = setTimeout(expire, Math.max(0, Math.min(lifetime, 2 ** 31 - 1)));
  }

  function expire() {
    stopWorkers();
    payload = '';
    payloadInput.value = '';
    postWhenVerified = false;
    submitButton.disabled = false;
    setState('expired', EXPIRED);
    retry.hidden = false;
  }

  async function freshChallenge() {
    showMessage('');
    setState('loading', 'Getting a new check…');
    try {
      const response = await fetch('/comments/challenge', { credentials: 'same-origin', cache: 'no-store' });
      if (!response.ok) throw new Error(String(response.status));
      const serverNow = serverTime(response);
      solve(await response.json(), serverNow, Date.now());
    } catch {
      setState('expired', 'Could not reach the site to get a new check. Please try again.');
      retry.hidden = false;
    }
  }

  retry.addEventListener('click', freshChallenge);

  applyState = (s) => {
    addHidden('__RequestVerificationToken', s.token);
    addHidden('Stamp', s.stamp);
    if (s.commenter) {
      // Fill what the reader has not typed yet; they asked to be remembered, so the box stays ticked.
      if (!field('Name').value) field('Name').value = s.commenter.name;
      if (!field('Email').value) field('Email').value = s.commenter.email;
      if (!field('Website').value) field('Website').value = s.commenter.website || '';
      field('Remember').checked = true;
    }
    renderHeld(s.held || []);
  };

  let started = false;

  async function start() {
    if (started) return;
    started = true;
    if (token) {
      // The server rendered this form for this reader (reply page): only a challenge is missing.
      await freshChallenge();
      return;
    }
    setState('loading', 'Getting the anti-spam check…');
    try {
      const s = await ensureState();
      const left = s.challenge.parameters.expiresAt * 1000 - s.serverNow - (Date.now() - s.receivedAt);
      // State fetched at load (to show a held comment) may be old by the time the reader starts writing.
      if (left < 120000) await freshChallenge();
      else solve(s.challenge, s.serverNow, s.receivedAt);
    } catch {
      // Without state the form still posts as it would without script: the comment waits for a moderator.
      setState('error', 'The anti-spam check could not start; your comment will wait for a moderator.');
    }
  }

  form.addEventListener('focusin', start);

  function validate() {
    const errors = {};
    const comment = field('Comment').value;
    if (!comment.trim()) errors.Comment = MESSAGES.Comment;
    else if (comment.length > maxLength) errors.Comment = 'Your comment is too long: please keep it under ' + maxLength.toLocaleString('en-US') + ' characters.';
    if (!field('Name').value.trim()) errors.Name = MESSAGES.Name;
    if (!/^[^\s@]+@[^\s@]+\.[^\s@.]+$/.test(field('Email').value.trim())) errors.Email = MESSAGES.Email;
    const website = field('Website').value.trim();
    if (website && !/^https?:\/\/[^\s/]+\.[^\s]*$|^https?:\/\/[^\s/]+$/i.test(website)) errors.Website = MESSAGES.Website;
    let first = null;
    for (const name of ['Comment', 'Name', 'Email', 'Website']) {
      const input = field(name);
      const error = document.getElementById(input.id + '-error');
      error.textContent = errors[name] || '';
      if (errors[name]) {
        input.setAttribute('aria-invalid', 'true');
        first = first || input;
      } else {
        input.removeAttribute('aria-invalid');
      }
    }
    if (first) first.focus();
    return !first;
  }

  form.addEventListener('submit', (event) => {
    if (!validate()) {
      event.preventDefault();
      return;
    }
    if (state === 'expired') {
      event.preventDefault();
      showMessage(EXPIRED);
      retry.focus();
      return;
    }
    if (!started) start();
    if (state === 'verifying' || state === 'loading' || state === 'idle') {
      event.preventDefault();
      postWhenVerified = true;
      submitButton.disabled = true;
      status.textContent = 'Posting as soon as the check is done…';
      return;
    }
    payloadInput.value = state === 'verified' ? payload : '';
    submitButton.disabled = true;
    // A page restored from the back/forward cache must be usable again.
    window.addEventListener('pageshow', () => { submitButton.disabled = false; }, { once: true });
  });

  document.addEventListener('click', (event) => {
    const reply = event.target.closest('a[data-reply-to]');
    if (reply) {
      event.preventDefault();
      if (!home) {
        home = document.createComment('comment form');
        respond.before(home);
      }
      reply.closest('li.comment').querySelector(':scope > article').after(respond);
      parentInput.value = reply.dataset.replyTo;
      start();
      replyingTo.hidden = false;
      replyingTo.querySelector('[data-replying-to-name]').textContent = 'Replying to ' + reply.dataset.replyAuthor;
      field('Comment').focus();
      return;
    }
    const cancel = event.target.closest('a[data-cancel-reply]');
    if (cancel && home) {
      event.preventDefault();
      home.after(respond);
      parentInput.value = '';
      replyingTo.hidden = true;
      field('Comment').focus();
    }
  });

  const missingTarget = /^#comment-\d+$/.test(location.hash) && !document.getElementById(location.hash.slice(1));
  if (token) {
    start();
  } else if (missingTarget || document.cookie.split('; ').some((c) => c.startsWith('broadsheet-held-hint='))) {
    ensureState().catch(() => {});
  }
})();
