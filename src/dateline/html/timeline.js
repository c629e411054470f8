/* dateline static timeline: filters and the citation panel.
   Data comes from the JSON island #dateline-data; the DOM is built with textContent only, never innerHTML,
   so article text can never become markup. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var island = document.getElementById("dateline-data");
  if (!island) { return; }
  var data = JSON.parse(island.textContent);
  var doc = data.doc;
  var view = data.view;
  var articles = {};
  (doc.articles || []).forEach(function (a) { articles[a.id] = a; });
  var entries = {};
  (doc.entries || []).forEach(function (e) { entries[e.id] = e; });

  var form = document.getElementById("filters");
  var status = document.getElementById("filter-status");
  var detail = document.getElementById("detail");
  var toggle = document.getElementById("view-toggle");
  var lastOpener = null;
  // The page opens on each story's key events (rows marked data-key-view); the toggle shows every entry.
  var showAll = !toggle;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function value(name) {
    var field = form ? form.elements.namedItem(name) : null;
    return field ? field.value : "";
  }

  function entryMatches(entry) {
    var story = value("story"), entity = value("entity"), type = value("event_type"), outlet = value("outlet");
    var from = value("from"), to = value("to");
    if (story && entry.story_id !== story) { return false; }
    if (entity && (entry.entity_ids || []).indexOf(entity) < 0) { return false; }
    if (type && (entry.event_type || "") !== type) { return false; }
    if (outlet && (view.outlets[entry.id] || []).indexOf(outlet) < 0) { return false; }
    var date = entry.date || {};
    // ISO dates compare correctly as strings; a window matches when it overlaps the chosen range.
    if (from && date.latest && date.latest < from) { return false; }
    if (to && date.earliest && date.earliest > to) { return false; }
    return true;
  }

  function applyFilters() {
    var shown = 0, total = 0;
    document.querySelectorAll("li.entry").forEach(function (li) {
      var entry = entries[li.getAttribute("data-entry")];
      if (!entry) { return; }
      total += 1;
      var ok = (showAll || li.getAttribute("data-key-view") === "1") && entryMatches(entry);
      li.hidden = !ok;
      if (ok) { shown += 1; }
    });
    document.querySelectorAll("section.story").forEach(function (section) {
      var visible = section.querySelectorAll("li.entry:not([hidden])").length;
      section.hidden = visible === 0;
    });
    if (status) {
      status.textContent = showAll ? (shown === total ? "Showing all " + total + " entries."
        : "Showing " + shown + " of " + total + " entries.")
        : "Showing " + shown + " of " + total + " entries (key events only).";
    }
    var timeline = document.getElementById("timeline");
    if (timeline) { timeline.classList.toggle("all-entries", showAll); }
    if (toggle) {
      // The label names the action (no aria-pressed: "Key events only, pressed" would read as the current state
      // inverted); the status line (a live region) announces what is shown.
      toggle.textContent = toggle.getAttribute(showAll ? "data-key-label" : "data-all-label");
    }
    var empty = document.getElementById("no-results");
    if (empty) { empty.hidden = shown !== 0; }
  }

  function articleBlock(articleId, ranges) {
    var article = articles[articleId] || {};
    var block = el("article", "source");
    var head = el("h3", "source-title");
    head.appendChild(el("span", "chip", article.outlet || article.source_file || "unknown outlet"));
    head.appendChild(document.createTextNode(" "));
    head.appendChild(el("span", null, article.title || "(untitled article)"));
    block.appendChild(head);
    var meta = el("p", "source-meta");
    meta.appendChild(el("span", null, "Published " + (view.article_dates[articleId] || "undated")));
    if (article.pub_date && article.pub_date.estimated) {
      meta.appendChild(document.createTextNode(" "));
      meta.appendChild(el("span", "badge est", "estimated"));
    }
    if (article.author) { meta.appendChild(el("span", null, " \u00b7 by " + article.author)); }
    if (article.duplicate_of) { meta.appendChild(el("span", null, " \u00b7 syndicated copy")); }
    if (typeof article.url === "string" && /^https?:\/\//i.test(article.url)) {
      meta.appendChild(document.createTextNode(" \u00b7 "));
      var link = el("a", null, article.url);
      link.href = article.url;
      link.rel = "noopener noreferrer nofollow";
      meta.appendChild(link);
    }
    block.appendChild(meta);
    var body = el("div", "article-text");
    body.tabIndex = 0;
    body.setAttribute("role", "region");
    body.setAttribute("aria-label", "Text of " + (article.title || "the article"));
    var text = typeof article.text === "string" ? article.text : "";
    if (!text) {
      // No cleaned text in the document: show the cited sentences alone.
      ranges.forEach(function (r) { body.appendChild(el("mark", null, r.sentence)); body.appendChild(el("br")); });
    } else {
      var sorted = ranges.slice().sort(function (a, b) { return a.start - b.start; });
      var pos = 0;
      sorted.forEach(function (r) {
        var start = Math.max(pos, Math.min(text.length, r.start | 0));
        var end = Math.max(start, Math.min(text.length, r.end | 0));
        if (start > pos) { body.appendChild(document.createTextNode(text.slice(pos, start))); }
        if (end > start) { body.appendChild(el("mark", "cited", text.slice(start, end))); }
        pos = end;
      });
      if (pos < text.length) { body.appendChild(document.createTextNode(text.slice(pos))); }
    }
    block.appendChild(body);
    return block;
  }

  function openEntry(entryId, opener) {
    var entry = entries[entryId];
    if (!entry || !detail) { return; }
    if (lastOpener) { lastOpener.setAttribute("aria-expanded", "false"); }
    lastOpener = opener || null;
    if (opener) { opener.setAttribute("aria-expanded", "true"); }
    document.querySelectorAll("li.entry.selected").forEach(function (li) { li.classList.remove("selected"); });
    var li = document.getElementById("entry-" + entryId);
    if (li) { li.classList.add("selected"); }

    while (detail.firstChild) { detail.removeChild(detail.firstChild); }
    var close = el("button", "close", "Close");
    close.type = "button";
    close.setAttribute("aria-label", "Close the sources panel");
    close.addEventListener("click", closeDetail);
    detail.appendChild(close);
    var heading = el("h2", "detail-heading", view.labels[entryId] || "");
    heading.id = "detail-heading";
    heading.tabIndex = -1;
    detail.appendChild(heading);
    detail.appendChild(el("p", "detail-summary", entry.summary));
    var n = entry.independent_sources || 1;
    detail.appendChild(el("p", "muted", n + (n === 1 ? " independent source" : " independent sources") +
      " \u00b7 " + (entry.sources || []).length + " citation" + ((entry.sources || []).length === 1 ? "" : "s")));
    (view.disagreements[entryId] || []).forEach(function (d) {
      var p = el("p", "disagreement-note");
      p.appendChild(el("strong", null, "Disagreement (" + d.kind + "): "));
      p.appendChild(document.createTextNode(d.description));
      detail.appendChild(p);
    });
    var byArticle = [];
    var seen = {};
    (entry.sources || []).forEach(function (s) {
      if (!(s.article_id in seen)) { seen[s.article_id] = byArticle.length; byArticle.push([s.article_id, []]); }
      byArticle[seen[s.article_id]][1].push(s);
    });
    byArticle.forEach(function (pair) { detail.appendChild(articleBlock(pair[0], pair[1])); });
    detail.hidden = false;
    detail.parentNode.classList.add("has-detail");
    // Scroll each article box (not the page) so its first highlighted sentence is in view.
    detail.querySelectorAll(".article-text").forEach(function (box) {
      var mark = box.querySelector("mark.cited");
      if (!mark) { return; }
      box.scrollTop += mark.getBoundingClientRect().top - box.getBoundingClientRect().top - 24;
    });
    heading.focus();
    if (window.history && window.history.replaceState && window.location.hash !== "#entry-" + entryId) {
      try { window.history.replaceState(null, "", "#entry-" + entryId); } catch (e) { /* file: URLs may refuse */ }
    }
  }

  function closeDetail() {
    if (!detail) { return; }
    detail.hidden = true;
    detail.parentNode.classList.remove("has-detail");
    document.querySelectorAll("li.entry.selected").forEach(function (li) { li.classList.remove("selected"); });
    if (lastOpener) { lastOpener.setAttribute("aria-expanded", "false"); lastOpener.focus(); }
  }

  document.querySelectorAll("button.entry-open").forEach(function (button) {
    button.addEventListener("click", function () { openEntry(button.getAttribute("data-entry"), button); });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && detail && !detail.hidden) { closeDetail(); }
  });
  if (toggle) {
    // A <button>, so Enter and Space work and it sits in the tab order; it stays pressed across filter resets.
    toggle.addEventListener("click", function () { showAll = !showAll; applyFilters(); });
  }
  if (form) {
    form.addEventListener("input", applyFilters);
    form.addEventListener("change", applyFilters);
    form.addEventListener("submit", function (event) { event.preventDefault(); applyFilters(); });
    form.addEventListener("reset", function () { window.setTimeout(applyFilters, 0); });
    form.hidden = false;
  }
  applyFilters();

  // Deep links: #entry-<id> opens that entry (on load, and from the links in the disagreements list).
  function openFromHash() {
    var hash;
    try { hash = decodeURIComponent((window.location.hash || "").slice(1)); } catch (e) { return; }
    if (hash.indexOf("entry-") !== 0) { return; }
    var id = hash.slice(6);
    var li = document.getElementById("entry-" + id);
    var button = li ? li.querySelector("button.entry-open") : null;
    if (li && li.hidden && !showAll && li.getAttribute("data-key-view") !== "1") {
      showAll = true;  // a link to an entry outside the key view must still land on it
      applyFilters();
    }
    if (entries[id] && button) { openEntry(id, button); }
  }
  window.addEventListener("hashchange", openFromHash);
  openFromHash();
})();
