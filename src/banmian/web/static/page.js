// Page view. Text pages: choosing a rebuilt block (or an article's heading) highlights
// its source lines. Pages with an image: choosing an article's zone on the page shows
// the article beside it and highlights its blocks; choosing a paragraph highlights its box.
(function () {
  "use strict";

  // ---- text pages ----------------------------------------------------------------------
  function spansOf(el) {
    return el.dataset.spans.split(",").filter(Boolean).map(function (s) {
      return s.split("-").map(Number);
    });
  }
  function selectLines(el) {
    document.querySelectorAll(".src-line.hl").forEach(function (line) { line.classList.remove("hl"); });
    document.querySelectorAll(".selected[data-spans]").forEach(function (other) { other.classList.remove("selected"); });
    el.classList.add("selected");
    var first = null;
    spansOf(el).forEach(function (span) {
      for (var n = span[0]; n <= span[1]; n++) {
        var line = document.getElementById("L" + n);
        if (line) { line.classList.add("hl"); first = first || line; }
      }
    });
    if (first) { first.scrollIntoView({ block: "center" }); }
  }
  document.querySelectorAll("[data-spans]").forEach(function (el) {
    el.addEventListener("click", function (event) {
      if (event.target.closest("a")) { return; }
      selectLines(el);
    });
    el.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); selectLines(el); }
    });
  });
  var wanted = new URLSearchParams(window.location.search).get("article");
  var head = wanted && document.querySelector("#article-" + CSS.escape(wanted) + " .article-head");
  if (head) { selectLines(head); head.scrollIntoView({ block: "start" }); }

  // ---- pages with an image ---------------------------------------------------------------
  var view = document.querySelector(".facsimile-view");
  if (!view) { return; }
  var hint = view.querySelector(".hint");

  function choose(articleId, push) {
    view.querySelectorAll(".zone.selected").forEach(function (zone) { zone.classList.remove("selected"); });
    view.querySelectorAll(".reader-article").forEach(function (panel) { panel.hidden = true; });
    var zone = view.querySelector('.zone[data-article="' + CSS.escape(articleId) + '"]');
    var panel = document.getElementById("article-" + articleId);
    if (zone) { zone.classList.add("selected"); }
    if (panel) {
      panel.hidden = false;
      if (hint) { hint.hidden = true; }
      panel.scrollIntoView({ block: "nearest" });
    }
    if (push) {
      var url = new URL(window.location.href);
      url.searchParams.set("article", articleId);
      window.history.pushState({ article: articleId }, "", url);
    }
  }

  view.querySelectorAll(".zone, .article-pick").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      choose(link.dataset.article, true);
    });
  });
  // A paragraph of the chosen article and its box on the page light up together.
  view.querySelectorAll(".reader-article [data-block]").forEach(function (block) {
    function mark(on) {
      var panel = block.closest(".reader-article");
      var box = view.querySelector('.zone[data-article="' + CSS.escape(panel.dataset.article) +
        '"] rect[data-block="' + CSS.escape(block.dataset.block) + '"]');
      if (box) { box.classList.toggle("lit", on); }
      block.classList.toggle("lit", on);
    }
    block.addEventListener("mouseenter", function () { mark(true); });
    block.addEventListener("mouseleave", function () { mark(false); });
  });
  window.addEventListener("popstate", function () {
    var chosen = new URLSearchParams(window.location.search).get("article");
    if (chosen) { choose(chosen, false); }
  });
})();
