// How the article being edited will look in a search result and in a social card. The server says what the
// reader page's meta tags will hold (title, description, address, image); this shows where search engines and
// social sites cut them, and how long each is.
(() => {
  "use strict";
  const form = document.getElementById("article-form");
  const section = document.getElementById("share-previews");
  if (!form || !section) return;
  section.hidden = false;
  const token = () => form.elements["__RequestVerificationToken"].value;
  const $ = (id) => document.getElementById(id);

  // What is shown, in characters: search engines cut titles near 60 and descriptions near 160; social cards
  // titles near 70 and descriptions near 200. (They measure in pixels, so these are the usual rules of thumb.)
  const limits = { searchTitle: 60, searchDescription: 160, socialTitle: 70, socialDescription: 200 };

  // Cut at the last space before the limit (or at the limit in a long word), the rest shown struck through.
  function show(element, text, limit) {
    element.replaceChildren();
    if (text.length <= limit) { element.textContent = text; return; }
    let end = text.lastIndexOf(" ", limit - 1);
    if (end < limit * 0.6) end = limit - 1;
    const rest = document.createElement("span");
    rest.className = "nr-cut";
    const label = document.createElement("span");
    label.className = "visually-hidden";
    label.textContent = " (cut off: ";
    const close = document.createElement("span");
    close.className = "visually-hidden";
    close.textContent = ")";
    rest.append(label, text.slice(end).trimStart(), close);
    element.append(text.slice(0, end).trimEnd() + "…", rest);
  }

  function count(label, text, limit) {
    const item = document.createElement("li");
    const over = text.length > limit;
    item.className = over ? "nr-over" : "";
    item.textContent = `${label}: ${text.length} characters${over ? `, cut after about ${limit}` : ` (about ${limit} fit)`}`;
    return item;
  }

  function render(snippet) {
    $("serp-url").textContent = snippet.url;
    show($("serp-title"), snippet.title, limits.searchTitle);
    show($("serp-description"), snippet.description, limits.searchDescription);
    $("card-site").textContent = snippet.siteName;
    show($("card-title"), snippet.socialTitle, limits.socialTitle);
    show($("card-description"), snippet.description, limits.socialDescription);
    const frame = $("card-image");
    if (snippet.image) {
      const image = document.createElement("img");
      image.src = snippet.image;
      image.alt = form.elements["Input.ImageAlt"]?.value || "";
      frame.replaceChildren(image);
    } else {
      frame.textContent = "No featured image: sites show a small card without a picture.";
    }
    frame.classList.toggle("nr-card-noimage", !snippet.image);
    $("share-counts").replaceChildren(
      count("Search title", snippet.title, limits.searchTitle),
      count("Description in search", snippet.description, limits.searchDescription),
      count("Card title", snippet.socialTitle, limits.socialTitle),
      count("Description on the card", snippet.description, limits.socialDescription));
  }

  async function refresh() {
    const field = (name) => form.elements["Input." + name]?.value ?? "";
    const data = new FormData();
    const id = /\/edit\/(\d+)$/.exec(new URL(form.action, location.href).pathname);
    if (id) data.append("id", id[1]);
    for (const name of ["Headline", "Standfirst", "Body", "Slug", "PublishAt"]) data.append(name.charAt(0).toLowerCase() + name.slice(1), field(name));
    data.append("image", form.querySelector("input[name='Input.Image']:checked")?.value ?? "");
    data.append("format", form.dataset.format || "Markdown");
    try {
      const response = await fetch(section.dataset.snippet, {
        method: "POST", body: data, headers: { "RequestVerificationToken": token() }, credentials: "same-origin",
      });
      if (response.ok && (response.headers.get("Content-Type") || "").includes("json")) render(await response.json());
    } catch {
      // A help, not a requirement: the previews stay as they were.
    }
  }

  let timer = 0;
  const later = () => { clearTimeout(timer); timer = setTimeout(refresh, 400); };
  form.addEventListener("input", later);
  form.addEventListener("change", later);
  refresh();
})();
