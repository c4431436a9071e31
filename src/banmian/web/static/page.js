// Page view: choosing a rebuilt block (or an article's heading) highlights its source lines.
(function () {
  "use strict";
  function spansOf(el) {
    return el.dataset.spans.split(",").filter(Boolean).map(function (s) {
      return s.split("-").map(Number);
    });
  }
  function select(el) {
    document.querySelectorAll(".src-line.hl").forEach(function (line) { line.classList.remove("hl"); });
    document.querySelectorAll(".selected").forEach(function (other) { other.classList.remove("selected"); });
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
      select(el);
    });
    el.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); select(el); }
    });
  });
  var wanted = new URLSearchParams(window.location.search).get("article");
  var head = wanted && document.querySelector("#article-" + CSS.escape(wanted) + " .article-head");
  if (head) { select(head); head.scrollIntoView({ block: "start" }); }
})();
