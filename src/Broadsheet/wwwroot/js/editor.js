// The article editor: keeps what the writer types (autosave) and shows the body as readers will see it.
(() => {
  "use strict";
  const form = document.getElementById("article-form");
  if (!form) return;
  const status = document.getElementById("autosave-status");
  const preview = document.getElementById("preview");
  const body = form.elements["Input.Body"];
  const token = () => form.elements["__RequestVerificationToken"].value;
  let autosaveUrl = form.dataset.autosave;
  let dirty = false;
  let saving = null; // the autosave request in flight, if any
  let autosaveTimer = 0;
  let previewTimer = 0;

  const post = (url, data) => fetch(url, {
    method: "POST",
    body: data,
    headers: { "RequestVerificationToken": token() },
    credentials: "same-origin",
  });

  function autosave() {
    if (saving) { autosaveTimer = setTimeout(autosave, 500); return saving; }
    saving = sendAutosave().finally(() => { saving = null; });
    return saving;
  }

  // A copy of what is typed stays in this browser until the server has it: a lost connection or an
  // expired sign-in then costs nothing.
  let backupKey = "broadsheet-draft:" + location.pathname;
  const fields = ["Headline", "Standfirst", "Body"];
  const current = () => Object.fromEntries(fields.map((name) => [name, form.elements["Input." + name].value]));
  const keepCopy = () => { try { localStorage.setItem(backupKey, JSON.stringify(current())); } catch { /* storage full or off */ } };
  const dropCopy = () => { try { localStorage.removeItem(backupKey); } catch { /* nothing kept */ } };

  async function sendAutosave() {
    dirty = false;
    const data = new FormData();
    for (const name of ["Headline", "Standfirst", "Body", "SectionId"]) {
      data.append(name, form.elements["Input." + name].value);
    }
    try {
      const response = await post(autosaveUrl, data);
      if (response.redirected && new URL(response.url).pathname === "/newsroom/signin") {
        dirty = true;
        status.textContent = "You have been signed out. Sign in again in another tab; your text is kept in this browser meanwhile.";
        return;
      }
      if (response.status === 409) {
        // Refused for a reason the server gives (the article is in the trash): say it, keep the text.
        dirty = true;
        status.textContent = (await response.json()).error;
        return;
      }
      if (!response.ok) throw new Error(String(response.status));
      const saved = await response.json();
      dropCopy();
      if (location.pathname !== saved.url) {
        // A new article became a draft: from now on this page edits it.
        history.replaceState(null, "", saved.url);
        backupKey = "broadsheet-draft:" + saved.url;
        form.action = saved.url;
        autosaveUrl = saved.url + "?handler=Autosave";
      }
      if (dirty) {
        // Typed while this save was under way: not saved yet. The copy stays in this browser until the next save.
        keepCopy();
        status.textContent = "Unsaved changes…";
      } else {
        status.textContent = "Saved automatically at " + saved.savedAt + ".";
      }
    } catch {
      dirty = true;
      status.textContent = "Not saved automatically: check your connection. Your text is still here.";
    }
  }

  async function refreshPreview() {
    const data = new FormData();
    data.append("body", body.value);
    data.append("format", form.dataset.format || "Markdown");
    try {
      const response = await post(form.dataset.preview, data);
      if (response.ok) preview.innerHTML = await response.text();
    } catch {
      // The preview is a help, not a requirement: the text is safe either way.
    }
  }

  form.addEventListener("input", (event) => {
    const name = event.target.name;
    if (name === "Input.Headline" || name === "Input.Standfirst" || name === "Input.Body") {
      dirty = true;
      keepCopy();
      clearTimeout(autosaveTimer);
      autosaveTimer = setTimeout(autosave, 1000);
      status.textContent = "Unsaved changes…";
    }
    if (name === "Input.Body") {
      clearTimeout(previewTimer);
      previewTimer = setTimeout(refreshPreview, 300);
    }
  });

  // Choosing a library image offers the alt text and credit stored with it.
  form.addEventListener("change", (event) => {
    const input = event.target;
    if (input.name !== "Input.Image" || !input.dataset) return;
    const alt = form.elements["Input.ImageAlt"];
    const credit = form.elements["Input.ImageCredit"];
    if (!alt.value && input.dataset.alt) alt.value = input.dataset.alt;
    if (!credit.value && input.dataset.credit) credit.value = input.dataset.credit;
  });

  // Tags are typed separated by commas; the suggestions follow the tag being typed, after the last comma.
  const tags = form.elements["Input.Tags"];
  const suggestions = document.getElementById("tag-suggestions");
  if (tags && suggestions) {
    const names = Array.from(suggestions.options, (option) => option.value);
    tags.addEventListener("input", () => {
      const cut = tags.value.lastIndexOf(",");
      const typed = tags.value.slice(cut + 1).trim().toLowerCase();
      const before = cut >= 0 ? tags.value.slice(0, cut + 1) + " " : "";
      const chosen = new Set(tags.value.split(",").map((name) => name.trim().toLowerCase()));
      suggestions.replaceChildren(...names
        .filter((name) => typed && name.toLowerCase().startsWith(typed) && !chosen.has(name.toLowerCase()))
        .slice(0, 20)
        .map((name) => new Option(before + name)));
    });
  }

  form.addEventListener("submit", (event) => {
    clearTimeout(autosaveTimer);
    // A new article's first autosave creates it: wait for it, or the save would create a second one.
    if (saving && !/\/edit\/\d+$/.test(form.action)) {
      event.preventDefault();
      const button = event.submitter;
      saving.then(() => form.requestSubmit(button));
      return;
    }
    dirty = false;
  });

  // Text kept in this browser that the page does not show (the server never got it): offer it back.
  try {
    const kept = JSON.parse(localStorage.getItem(backupKey) || "null");
    const now = current();
    if (kept && fields.some((name) => (kept[name] || "") !== now[name])) {
      const offer = document.createElement("p");
      offer.className = "nr-notice";
      offer.setAttribute("role", "status");
      offer.textContent = "This browser kept text you typed here that was never saved. ";
      const restore = document.createElement("button");
      restore.type = "button";
      restore.className = "nr-link-button";
      restore.textContent = "Restore the text kept in this browser";
      restore.addEventListener("click", () => {
        for (const name of fields) form.elements["Input." + name].value = kept[name] || "";
        offer.remove();
        dirty = true;
        autosave();
        refreshPreview();
      });
      offer.append(restore);
      form.before(offer);
    } else if (kept) {
      dropCopy();
    }
  } catch {
    // Nothing kept, or storage is off.
  }
  window.addEventListener("beforeunload", (event) => {
    if (dirty) { event.preventDefault(); }
  });
})();
