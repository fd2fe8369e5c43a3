/* kg views: draws the graph of the page's #kg-data block with vis-network, with filters by kind and year,
 * a search box and a details panel. Report text only ever reaches the page through textContent (and
 * vis-network's tooltips, which use innerText for a string title): never as HTML. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var visible = new Set(data.nodes.map(function (n) { return n.id; }));
  var year = null;

  function inYear(item) {
    return year === null || !item.years || item.years.length === 0 || item.years.indexOf(year) >= 0;
  }
  var nodesView = new vis.DataView(nodes, { filter: function (n) { return visible.has(n.id); } });
  var edgesView = new vis.DataView(edges, {
    filter: function (e) { return visible.has(e.from) && visible.has(e.to) && inYear(e); }
  });
  var container = document.getElementById("kg-network");
  var network = new vis.Network(container, { nodes: nodesView, edges: edgesView }, data.options);
  var view = window.kgView = {
    nodes: nodes, edges: edges, nodesView: nodesView, edgesView: edgesView, network: network, drawn: false
  };
  network.once("afterDrawing", function () {
    view.drawn = true;
    document.documentElement.setAttribute("data-kg-drawn", "1");
  });
  if (data.options.physics && data.options.physics.enabled) {
    network.once("stabilizationIterationsDone", function () { network.setOptions({ physics: false }); });
  }

  var form = document.getElementById("kg-filters");
  var count = document.getElementById("kg-count");
  function refresh() {
    var kinds = new Set();
    form.querySelectorAll("input[name=kind]").forEach(function (box) { if (box.checked) kinds.add(box.value); });
    var y = document.getElementById("kg-year").value;
    year = y === "" ? null : parseInt(y, 10);
    visible = new Set();
    nodes.forEach(function (n) { if (kinds.has(n.kind) && inYear(n)) visible.add(n.id); });
    nodesView.refresh();
    edgesView.refresh();
    count.textContent = visible.size + " / " + nodes.length + " nodes";
  }
  form.addEventListener("change", function (ev) { if (ev.target.id !== "kg-search") refresh(); });
  form.addEventListener("submit", function (ev) { ev.preventDefault(); find(); });
  refresh();

  var details = document.getElementById("kg-details");
  function show(id) {
    var n = nodes.get(id);
    while (details.firstChild) details.removeChild(details.firstChild);
    if (!n) { details.hidden = true; return; }
    var h = document.createElement("h2");
    h.textContent = n.title.split("\n")[0];
    var body = document.createElement("pre");
    body.textContent = n.title.split("\n").slice(1).join("\n");
    details.appendChild(h);
    details.appendChild(body);
    if (typeof n.url === "string" && /^[A-Za-z0-9_./-]+\.html$/.test(n.url)) {
      var a = document.createElement("a");
      a.setAttribute("href", n.url);
      a.textContent = "打开此实体的视图 open this entity's view →";
      details.appendChild(a);
    }
    details.hidden = false;
  }
  network.on("selectNode", function (params) { show(params.nodes[0]); });
  network.on("deselectNode", function () { show(null); });

  function find() {
    var q = document.getElementById("kg-search").value.trim().toLowerCase();
    if (!q) return;
    // best match first: the exact name, then a name containing the text, then any tooltip text containing it
    var hit = null, best = 0;
    nodesView.forEach(function (n) {
      var head = n.title.split("\n")[0].toLowerCase();
      var score = String(n.label).toLowerCase() === q ? 3 : head.indexOf(q) >= 0 ? 2 :
        n.title.toLowerCase().indexOf(q) >= 0 ? 1 : 0;
      if (score > best) { hit = n; best = score; }
    });
    if (!hit) { count.textContent = "0 found"; return; }
    network.selectNodes([hit.id]);
    network.focus(hit.id, { scale: 1.2, animation: false });
    show(hit.id);
  }
  document.getElementById("kg-search").addEventListener("change", find);
})();
