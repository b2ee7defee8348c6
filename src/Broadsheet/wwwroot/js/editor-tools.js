// The article editor's writing tools: Markdown formatting by button or shortcut that the browser's own undo takes
// back, Ctrl/Cmd+S to save, word count and reading time, focus mode, a phone-width preview, and images dragged,
// pasted or chosen into the body, uploaded to the media library with their alt text asked for.
(() => {
  "use strict";
  const form = document.getElementById("article-form");
  const bar = document.getElementById("editor-bar");
  if (!form || !bar) return;
  const body = form.elements["Input.Body"];
  const token = () => form.elements["__RequestVerificationToken"].value;
  bar.hidden = false;

  // Replaces start..end as typing would: execCommand("insertText") puts the change on the browser's undo stack
  // (assigning value or setRangeText would wipe or bypass it) and fires input, so autosave and the preview follow.
  function replace(start, end, text, selectFrom = text.length, selectTo = selectFrom) {
    body.focus({ preventScroll: true });
    body.setSelectionRange(start, end);
    let done = false;
    try { done = document.execCommand("insertText", false, text); } catch { done = false; }
    if (!done) {
      body.setRangeText(text, start, end, "end");
      body.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertText", data: text }));
    }
    body.setSelectionRange(start + selectFrom, start + selectTo);
  }

  // **bold** and _italic_: around the selection (its edge spaces left outside), or taken off when already there.
  function wrap(marker, placeholder) {
    let start = body.selectionStart, end = body.selectionEnd;
    const value = body.value;
    while (start < end && /\s/.test(value[start])) start++;
    while (end > start && /\s/.test(value[end - 1])) end--;
    const selected = value.slice(start, end);
    const m = marker.length;
    if (selected && value.slice(start - m, start) === marker && value.slice(end, end + m) === marker) {
      replace(start - m, end + m, selected, 0, selected.length);
    } else if (selected.startsWith(marker) && selected.endsWith(marker) && selected.length > 2 * m) {
      replace(start, end, selected.slice(m, -m), 0, selected.length - 2 * m);
    } else {
      const inner = selected || placeholder;
      replace(start, end, marker + inner + marker, m, m + inner.length);
    }
  }

  function link(image) {
    const start = body.selectionStart, end = body.selectionEnd;
    const selected = body.value.slice(start, end);
    const open = image ? "![" : "[";
    if (/^https?:\/\/\S+$/.test(selected)) {
      const text = image ? "Describe the image" : "link text";
      replace(start, end, `${open}${text}](${selected})`, open.length, open.length + text.length);
    } else {
      const text = selected || (image ? "Describe the image" : "link text");
      const at = open.length + text.length + 2;
      replace(start, end, `${open}${text}](https://)`, at, at + "https://".length);
    }
  }

  // Quotes, subheadings and lists work on whole lines; a second press takes the prefix off again.
  function lines(prefixFor, strip, present) {
    const value = body.value;
    const start = value.lastIndexOf("\n", body.selectionStart - 1) + 1;
    let end = value.indexOf("\n", body.selectionEnd > body.selectionStart && value[body.selectionEnd - 1] === "\n" ? body.selectionEnd - 1 : body.selectionEnd);
    if (end < 0) end = value.length;
    const block = value.slice(start, end).split("\n");
    const filled = block.filter((line) => line.trim());
    const off = filled.length > 0 && filled.every((line) => present.test(line));
    let n = 0;
    const text = block.map((line) => {
      if (off) return line.replace(present, "");
      if (!line.trim()) return line;
      return prefixFor(++n) + line.replace(strip, "");
    }).join("\n");
    replace(start, end, text, 0, text.length);
  }

  const listPrefix = /^\s*(?:[-*+]|\d+[.)])\s+/;
  const actions = {
    bold: () => wrap("**", "bold text"),
    italic: () => wrap("_", "italic text"),
    link: () => link(false),
    quote: () => lines(() => "> ", /^\s*>\s?/, /^>\s?/),
    heading: () => lines(() => "## ", /^#{1,6}\s+/, /^##\s+/),
    heading3: () => lines(() => "### ", /^#{1,6}\s+/, /^###\s+/),
    bullets: () => lines(() => "- ", listPrefix, /^[-*+]\s+/),
    numbers: () => lines((n) => `${n}. `, listPrefix, /^\d+[.)]\s+/),
    image: () => chooseImage(),
  };

  const toolbar = bar.querySelector("[role=toolbar]");
  const tools = toolbar ? Array.from(toolbar.querySelectorAll("button")) : [];
  // One tab stop for the toolbar; arrow keys move along it.
  tools.forEach((button, i) => { button.tabIndex = i === 0 ? 0 : -1; });
  toolbar?.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-format]");
    if (button) actions[button.dataset.format]();
  });
  toolbar?.addEventListener("keydown", (event) => {
    const at = tools.indexOf(document.activeElement);
    const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: tools.length - 1 }[event.key];
    if (at < 0 || to === undefined) return;
    event.preventDefault();
    const next = tools[(to + tools.length) % tools.length];
    tools.forEach((button) => { button.tabIndex = button === next ? 0 : -1; });
    next.focus();
  });

  // Ctrl on Windows and Linux, Cmd on a Mac; AltGr (reported as Ctrl+Alt) types characters and is left alone.
  function shortcut(event) {
    if (!(event.ctrlKey || event.metaKey) || event.getModifierState("AltGraph")) return null;
    if (!event.shiftKey && !event.altKey) return { b: "bold", i: "italic", k: "link" }[event.key.toLowerCase()] || null;
    if (event.shiftKey && !event.altKey) return { Period: "quote", Digit8: "bullets", Digit7: "numbers" }[event.code] || null;
    if (event.altKey && !event.shiftKey) return { Digit2: "heading", Digit3: "heading3", KeyM: "image" }[event.code] || null;
    return null;
  }
  if (toolbar) {
    body.addEventListener("keydown", (event) => {
      const action = shortcut(event);
      if (!action) return;
      event.preventDefault();
      actions[action]();
    });
  }

  // Ctrl/Cmd+S presses the form's save button (Save draft, or Update on a live article): a normal submit with its
  // antiforgery token, instead of the browser saving the page as a file.
  const saveButton = form.querySelector("button[name=action][value=SaveDraft]") || form.querySelector("button[name=action][value=Publish]");
  saveButton?.setAttribute("aria-keyshortcuts", "Control+S Meta+S");
  if (saveButton) saveButton.title = "Ctrl+S";
  const dialog = document.getElementById("image-alt-dialog");
  const focusToggle = document.getElementById("focus-toggle");
  document.addEventListener("keydown", (event) => {
    if (dialog?.open) return;
    const mod = (event.ctrlKey || event.metaKey) && !event.altKey;
    if (mod && !event.shiftKey && event.key.toLowerCase() === "s") {
      event.preventDefault();
      if (saveButton) form.requestSubmit(saveButton);
    } else if (mod && event.shiftKey && event.code === "KeyF") {
      event.preventDefault();
      setFocusMode(!document.documentElement.classList.contains("nr-focus-mode"));
    } else if (event.key === "Escape" && document.documentElement.classList.contains("nr-focus-mode")) {
      setFocusMode(false);
    }
  });

  // Focus mode: only the writing, without the side panel (its buttons stay); remembered in this browser.
  const focusKey = "broadsheet-editor-focus";
  function setFocusMode(on) {
    document.documentElement.classList.toggle("nr-focus-mode", on);
    focusToggle.setAttribute("aria-pressed", String(on));
    try { if (on) localStorage.setItem(focusKey, "1"); else localStorage.removeItem(focusKey); } catch { /* storage off */ }
  }
  focusToggle.addEventListener("click", () => setFocusMode(focusToggle.getAttribute("aria-pressed") !== "true"));
  try { if (localStorage.getItem(focusKey) === "1") setFocusMode(true); } catch { /* storage off */ }

  // The preview at a phone's width (390 px), with the headline and standfirst above the body as readers see them.
  const phoneToggle = document.getElementById("phone-toggle");
  const previewPane = document.querySelector(".nr-preview");
  const phoneHead = document.createElement("div");
  phoneHead.className = "nr-phone-head";
  const phoneHeadline = document.createElement("p");
  phoneHeadline.className = "nr-phone-headline";
  const phoneStandfirst = document.createElement("p");
  phoneStandfirst.className = "nr-phone-standfirst";
  phoneHeadline.dir = phoneStandfirst.dir = "auto";
  phoneHead.append(phoneHeadline, phoneStandfirst);
  document.getElementById("preview")?.before(phoneHead);
  const fillPhoneHead = () => {
    phoneHeadline.textContent = form.elements["Input.Headline"].value;
    phoneStandfirst.textContent = form.elements["Input.Standfirst"].value;
  };
  phoneToggle.addEventListener("click", () => {
    const on = phoneToggle.getAttribute("aria-pressed") !== "true";
    phoneToggle.setAttribute("aria-pressed", String(on));
    previewPane?.classList.toggle("nr-phone", on);
    fillPhoneHead();
    if (on) previewPane?.scrollIntoView({ block: "nearest" });
  });

  // Words and reading time of the body, as readers will read it (no link addresses, images or markup). Announced
  // politely once typing pauses, not at every key.
  const figures = document.getElementById("editor-figures");
  const wordsPerMinute = 230;
  const numberFormat = new Intl.NumberFormat(document.documentElement.lang || undefined);
  function countWords(text) {
    const plain = text
      .replace(/!\[[^\]]*\]\([^)]*\)/g, " ")
      .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
      .replace(/<[^>]*>/g, " ");
    return (plain.match(/[\p{L}\p{N}]+(?:['’.\-][\p{L}\p{N}]+)*/gu) || []).length;
  }
  function showFigures() {
    const words = countWords(body.value);
    const minutes = Math.max(1, Math.ceil(words / wordsPerMinute));
    figures.textContent = words === 0 ? "No words yet"
      : `${numberFormat.format(words)} ${words === 1 ? "word" : "words"} · ${minutes} min read`;
  }
  showFigures();
  let figuresTimer = 0;
  form.addEventListener("input", (event) => {
    if (event.target === body) {
      clearTimeout(figuresTimer);
      figuresTimer = setTimeout(showFigures, 700);
    }
    if (event.target.name === "Input.Headline" || event.target.name === "Input.Standfirst") fillPhoneHead();
  });

  // Images dragged, pasted or chosen: uploaded to the media library, then the alt text is asked for, then
  // ![alt](address) goes where the image was dropped (or at the cursor), as one step the browser can undo.
  const uploadUrl = bar.dataset.upload;
  const uploadStatus = document.getElementById("upload-status");
  const uploadError = document.getElementById("upload-error");

  function chooseImage() {
    if (!uploadUrl || !dialog) { link(true); return; }
    const picker = document.createElement("input");
    picker.type = "file";
    picker.accept = "image/jpeg,image/png,image/webp,image/gif";
    const at = body.selectionStart;
    picker.addEventListener("change", () => addImages(Array.from(picker.files), at));
    picker.click();
  }

  function upload(file) {
    return new Promise((resolve) => {
      const data = new FormData();
      data.append("file", file);
      const request = new XMLHttpRequest();
      request.open("POST", uploadUrl);
      request.setRequestHeader("RequestVerificationToken", token());
      request.responseType = "json";
      request.upload.addEventListener("progress", (event) => {
        if (event.lengthComputable) uploadStatus.textContent = `Uploading ${file.name}: ${Math.round((event.loaded * 100) / event.total)}%`;
      });
      request.addEventListener("load", () => {
        const answer = request.response;
        if (request.status === 200 && answer && answer.url) resolve({ image: answer });
        else if (answer && answer.error) resolve({ error: answer.error });
        else if (request.responseURL.includes("/newsroom/signin")) resolve({ error: "You have been signed out: sign in again in another tab, then drop the image again." });
        else if (request.status === 403) resolve({ error: "Your role may not upload images." });
        else resolve({ error: `The server did not take the image (${request.status}). Try again.` });
      });
      request.addEventListener("error", () => resolve({ error: "The image was not uploaded: check your connection and try again." }));
      uploadStatus.textContent = `Uploading ${file.name}…`;
      request.send(data);
    });
  }

  let pendingAlt = null;
  const altForm = dialog?.querySelector("form");
  const altInput = document.getElementById("image-alt");
  const decorative = document.getElementById("image-decorative");
  const altError = document.getElementById("image-alt-error");
  function askAlt(name) {
    return new Promise((resolve) => {
      pendingAlt = resolve;
      altInput.value = "";
      altInput.disabled = false;
      altInput.removeAttribute("aria-invalid");
      decorative.checked = false;
      altError.textContent = "";
      document.getElementById("image-alt-file").textContent = `${name} is now in the media library.`;
      dialog.returnValue = "";
      dialog.showModal();
      altInput.focus();
    });
  }
  decorative?.addEventListener("change", () => { altInput.disabled = decorative.checked; altError.textContent = ""; });
  altForm?.addEventListener("submit", (event) => {
    if (event.submitter?.value === "insert" && !decorative.checked && !altInput.value.trim()) {
      event.preventDefault();
      altError.textContent = "Describe the image, or tick Decorative.";
      altInput.setAttribute("aria-invalid", "true");
      altInput.focus();
    }
  });
  dialog?.addEventListener("close", () => {
    const resolve = pendingAlt;
    pendingAlt = null;
    if (!resolve) return;
    resolve(dialog.returnValue === "insert" ? (decorative.checked ? "" : altInput.value.trim()) : null);
  });

  // Where images on their way go: a place in the text that moves with what is typed or deleted before it while
  // the image uploads, so it lands where it was dropped and not mid-word. Images dropped together share one place,
  // which moves past each image as it goes in, so they appear in the order they were dropped.
  const anchors = new Set();
  let lastValue = body.value;
  let inserting = false;
  body.addEventListener("input", () => {
    const value = body.value;
    if (anchors.size > 0 && value !== lastValue) {
      // The changed stretch: old [start, oldEnd) became new [start, newEnd). The caret ends an insertion and starts
      // a deletion, which settles where a run of equal letters was typed into.
      const delta = value.length - lastValue.length;
      const limit = Math.min(value.length, lastValue.length, Math.max(0, body.selectionEnd - Math.max(0, delta)));
      let start = 0;
      while (start < limit && value[start] === lastValue[start]) start++;
      let oldEnd = lastValue.length, newEnd = value.length;
      while (oldEnd > start && newEnd > start && value[newEnd - 1] === lastValue[oldEnd - 1]) { oldEnd--; newEnd--; }
      for (const anchor of anchors) {
        // Text typed exactly at the place goes after the image; an image of another drop there goes before it.
        if (anchor.at > oldEnd || (anchor.at === oldEnd && (oldEnd > start || inserting))) anchor.at += delta;
        else if (anchor.at > start) anchor.at = start;
      }
    }
    lastValue = value;
  });

  let queue = Promise.resolve();
  function addImages(files, at) {
    const anchor = { at };
    anchors.add(anchor);
    lastValue = body.value;
    for (const file of files) queue = queue.then(() => addImage(file, anchor));
    queue = queue.then(() => anchors.delete(anchor));
  }
  function saveAlt(image, alt) {
    // The alt text becomes the library's too, when it has none yet, so the image is described wherever it is used next.
    const data = new FormData();
    data.append("id", image.id);
    data.append("alt", alt);
    fetch(`${uploadUrl}?handler=Alt`, { method: "POST", body: data, headers: { RequestVerificationToken: token() } })
      .catch(() => { /* The text has it; the library keeps asking for one on its own page. */ });
  }
  async function addImage(file, anchor) {
    uploadError.textContent = "";
    const { image, error } = await upload(file);
    uploadStatus.textContent = "";
    if (error) {
      uploadError.textContent = `${file.name}: ${error}`;
      return;
    }
    const alt = await askAlt(image.name);
    if (alt === null) {
      uploadStatus.textContent = `${image.name} was not put in the text; it stays in the media library.`;
      body.focus();
      return;
    }
    if (alt) saveAlt(image, alt);
    const value = body.value;
    const point = Math.min(anchor.at, value.length);
    const before = point === 0 || value.slice(0, point).endsWith("\n\n") ? "" : value[point - 1] === "\n" ? "\n" : "\n\n";
    const after = point === value.length || value.slice(point).startsWith("\n\n") ? "" : value[point] === "\n" ? "\n" : "\n\n";
    const markdown = `![${alt.replace(/[\\[\]]/g, "\\$&")}](${image.url})`;
    inserting = true;
    try { replace(point, point, before + markdown + after, before.length + markdown.length); } finally { inserting = false; }
    anchor.at = point + before.length + markdown.length + after.length;
    uploadStatus.textContent = `${image.name} added to the text.`;
  }

  const hasFiles = (transfer) => transfer && Array.from(transfer.types).includes("Files");
  if (uploadUrl && dialog) {
    body.addEventListener("dragover", (event) => {
      if (!hasFiles(event.dataTransfer)) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = "copy";
      body.classList.add("nr-drop-target");
    });
    body.addEventListener("dragleave", () => body.classList.remove("nr-drop-target"));
    body.addEventListener("drop", (event) => {
      body.classList.remove("nr-drop-target");
      if (!hasFiles(event.dataTransfer) || event.dataTransfer.files.length === 0) return;
      event.preventDefault();
      // Where the pointer let go; the cursor's place when the browser cannot tell.
      const caret = document.caretPositionFromPoint?.(event.clientX, event.clientY);
      const at = caret && caret.offsetNode === body ? caret.offset : body.selectionStart;
      addImages(Array.from(event.dataTransfer.files), at);
    });
    body.addEventListener("paste", (event) => {
      const files = Array.from(event.clipboardData?.files || []);
      // Text copied from a word processor or a spreadsheet comes with a picture of itself: the text is what was meant.
      const types = Array.from(event.clipboardData?.types || []);
      if (files.length === 0 || types.includes("text/plain") || types.includes("text/html")) return;
      event.preventDefault();
      addImages(files, body.selectionStart);
    });
  }
})();
