/* kg views, the index page: the find box filters the lists of counties, regulations and bodies by name
 * (names are compared as text; nothing from a report becomes markup). Enter opens the first match. */
(function () {
  "use strict";
  var box = document.getElementById("kg-find");
  var found = document.getElementById("kg-found");
  var items = Array.prototype.slice.call(document.querySelectorAll(".kg-links li"));
  function filter() {
    var q = box.value.trim().toLowerCase(), shown = 0;
    items.forEach(function (li) {
      var hit = !q || (li.getAttribute("data-name") || "").toLowerCase().indexOf(q) >= 0;
      li.hidden = !hit;
      if (hit) shown += 1;
    });
    found.textContent = q ? shown + " found" : "";
  }
  box.addEventListener("input", filter);
  box.addEventListener("keydown", function (ev) {
    if (ev.key !== "Enter") return;
    var first = items.filter(function (li) { return !li.hidden; })[0];
    if (first) first.querySelector("a").click();
  });
})();
