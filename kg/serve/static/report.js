/* kg serve, the report page: click a highlight for the entity and the statement it supports; #char=START,END
 * marks and scrolls to a span. Report text only ever reaches the page as text: the spans come as JSON and are
 * put into the DOM with textContent; links are built from the entity's IRI, URL-encoded. */
(function () {
  "use strict";
  var spans = JSON.parse(document.getElementById("kg-spans").textContent);
  var text = document.getElementById("kg-text");
  var panel = document.getElementById("kg-panel");

  function el(tag, cls, content) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (content !== undefined) e.textContent = content;
    return e;
  }

  function show(mark) {
    while (panel.firstChild) panel.removeChild(panel.firstChild);
    var ids = (mark.getAttribute("data-spans") || "").split(" ").filter(Boolean);
    ids.forEach(function (i) {
      var s = spans[parseInt(i, 10)];
      if (!s) return;
      var head = el("h3");
      head.appendChild(el("span", "kg-kind kg-k-" + s.kind.replace(/[^a-z]/g, ""), s.kindLabel));
      head.appendChild(document.createTextNode(" "));
      var a = el("a", null, s.label);
      if (/^\/entity\?iri=[^"<>\s]*$/.test(s.href)) a.setAttribute("href", s.href);
      head.appendChild(a);
      panel.appendChild(head);
      panel.appendChild(el("p", null, s.statement));
      panel.appendChild(el("p", "kg-sentence", s.sentence));
    });
    panel.hidden = ids.length === 0;
  }

  text.addEventListener("click", function (ev) {
    var mark = ev.target.closest("mark");
    if (mark) show(mark);
  });
  text.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter" && ev.target.tagName === "MARK") show(ev.target);
  });

  function target() {
    var m = /^#char=(\d+),(\d+)$/.exec(window.location.hash);
    text.querySelectorAll(".kg-target").forEach(function (e) { e.classList.remove("kg-target"); });
    if (!m) return;
    var start = parseInt(m[1], 10), end = parseInt(m[2], 10), first = null;
    text.querySelectorAll("[data-s]").forEach(function (e) {
      var s = parseInt(e.getAttribute("data-s"), 10), t = parseInt(e.getAttribute("data-e"), 10);
      if (s < end && t > start) {
        e.classList.add("kg-target");
        if (!first) first = e;
      }
    });
    if (first) {
      first.scrollIntoView({ block: "center" });
      if (first.tagName === "MARK") show(first);
    }
    document.documentElement.setAttribute("data-kg-target", first ? "1" : "0");
  }
  window.addEventListener("hashchange", target);
  target();
})();
