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
  let saving = false;
  let autosaveTimer = 0;
  let previewTimer = 0;

  const post = (url, data) => fetch(url, {
    method: "POST",
    body: data,
    headers: { "RequestVerificationToken": token() },
    credentials: "same-origin",
  });

  async function autosave() {
    if (saving) { autosaveTimer = setTimeout(autosave, 500); return; }
    saving = true;
    dirty = false;
    const data = new FormData();
    for (const name of ["Headline", "Standfirst", "Body", "SectionId"]) {
      data.append(name, form.elements["Input." + name].value);
    }
    try {
      const response = await post(autosaveUrl, data);
      if (!response.ok) throw new Error(String(response.status));
      const saved = await response.json();
      if (location.pathname !== saved.url) {
        // A new article became a draft: from now on this page edits it.
        history.replaceState(null, "", saved.url);
        form.action = saved.url;
        autosaveUrl = saved.url + "?handler=Autosave";
      }
      status.textContent = "Saved automatically at " + saved.savedAt + ".";
    } catch {
      dirty = true;
      status.textContent = "Not saved automatically: check your connection. Your text is still here.";
    } finally {
      saving = false;
    }
  }

  async function refreshPreview() {
    const data = new FormData();
    data.append("body", body.value);
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

  form.addEventListener("submit", () => { dirty = false; clearTimeout(autosaveTimer); });
  window.addEventListener("beforeunload", (event) => {
    if (dirty) { event.preventDefault(); }
  });
})();
