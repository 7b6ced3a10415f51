"""The offline explorer page's HTML, CSS and JavaScript (filled in by :mod:`.web_explorer`).

Plain JavaScript and SVG, nothing loaded from anywhere: the data come in the page as JSON
(``<script id="atlas-data" type="application/json">``). ``__TITLE__`` and ``__DATA__`` are
replaced when the page is written. The page sets ``window.atlasFirstMapMs`` (milliseconds
from navigation to the first drawn map) and ``<html data-ready="1">`` once the map is drawn.
"""

from __future__ import annotations

__all__ = ["TEMPLATE"]

TEMPLATE = r"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>__TITLE__</title>
<style>
  :root { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1a1a; }
  body { margin: 0; background: #fafafa; }
  header { padding: 10px 16px 0; }
  h1 { font-size: 1.25rem; margin: 0 0 2px; }
  .method { font-size: 0.85rem; color: #555; margin: 0; }
  .controls { display: flex; flex-wrap: wrap; gap: 10px; align-items: center; padding: 8px 16px; }
  .controls input[type=range] { flex: 1 1 320px; min-width: 200px; }
  #date { font-weight: 600; font-variant-numeric: tabular-nums; min-width: 9.5em; }
  button, select { font: inherit; padding: 3px 10px; }
  main { display: flex; flex-wrap: wrap; gap: 12px; padding: 0 16px 16px; }
  #mapbox { flex: 3 1 560px; position: relative; background: #fff; border: 1px solid #ddd; }
  #map { width: 100%; height: calc(100vh - 150px); min-height: 380px; display: block; }
  #map .cell { stroke: #fff; stroke-width: 0.4; vector-effect: non-scaling-stroke; cursor: pointer; }
  #map .gov { fill: none; stroke: #333; stroke-width: 1; vector-effect: non-scaling-stroke;
              pointer-events: none; }
  #map .place { stroke: #333; stroke-width: 0.8; vector-effect: non-scaling-stroke; cursor: pointer; }
  #map .place:hover { stroke: #000; stroke-width: 2; }
  #map .place.selected { stroke: #000; stroke-width: 2.5; }
  aside { flex: 1 1 260px; max-width: 420px; font-size: 0.9rem; }
  #info { background: #fff; border: 1px solid #ddd; padding: 10px 12px; margin-bottom: 12px; }
  #info h2 { font-size: 1.05rem; margin: 0 0 4px; }
  #info .where { color: #555; margin: 0 0 8px; }
  #info blockquote { margin: 6px 0; padding-left: 8px; border-left: 3px solid #ccc; font-style: italic; }
  .swatch { display: inline-block; width: 12px; height: 12px; border: 1px solid #888;
            vertical-align: -1px; margin-right: 6px; }
  #legend { background: #fff; border: 1px solid #ddd; padding: 8px 12px; }
  #legend h3 { font-size: 0.95rem; margin: 0 0 6px; }
  #legend div { margin: 2px 0; }
  #tip { position: absolute; pointer-events: none; background: rgba(255,255,255,0.95);
         border: 1px solid #999; padding: 4px 7px; font-size: 0.8rem; display: none; max-width: 260px; }
  #tip .tip-source { color: #444; font-style: italic; margin-top: 2px; }
  footer { font-size: 0.78rem; color: #555; padding: 0 16px 16px; }
</style>
</head>
<body>
<script id="atlas-data" type="application/json">__DATA__</script>
<header>
  <h1 id="title">__TITLE__</h1>
  <p class="method" id="method"></p>
</header>
<div class="controls">
  <button id="play" type="button" aria-label="Play">&#9654; Play</button>
  <input id="slider" type="range" min="0" max="0" step="1" value="0" aria-label="Date">
  <span id="date" aria-live="polite"></span>
  <label>Zoom <select id="zoom"><option value="">All Syria</option></select></label>
</div>
<main>
  <div id="mapbox">
    <svg id="map" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Control map">
      <g id="cells"></g><g id="govs"></g><g id="places"></g>
    </svg>
    <div id="tip"></div>
  </div>
  <aside>
    <div id="info"><p>Click a place (or its area) for who held it on this date and the source.</p></div>
    <div id="legend"><h3>Held by</h3></div>
  </aside>
</main>
<footer>Each area is the land nearer to a coded place than to any other, coloured by who held the
place: an estimate from points, not a front line. Every holder cites a public source, quoted.
Works offline; nothing is loaded from the network.</footer>
<script>
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("atlas-data").textContent);
  var SVGNS = "http://www.w3.org/2000/svg";
  var BASE = 97; // side code "a"
  var svg = document.getElementById("map");
  var slider = document.getElementById("slider");
  var dateLabel = document.getElementById("date");
  var playButton = document.getElementById("play");
  var zoom = document.getElementById("zoom");
  var info = document.getElementById("info");
  var tip = document.getElementById("tip");
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  var current = 0, selected = -1, timer = null, markerR = 3.2;
  var cellEls = [], placeEls = [], cellOf = [];

  document.getElementById("method").textContent = D.method;
  svg.setAttribute("viewBox", "0 0 " + D.width + " " + D.height);

  function el(tag, attrs, parent) {
    var e = document.createElementNS(SVGNS, tag);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(e);
    return e;
  }
  function text(tag, content, cls) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    e.textContent = content;
    return e;
  }
  function niceDate(iso) {
    var p = iso.split("-");
    return Number(p[2]) + " " + MONTHS[Number(p[1]) - 1] + " " + p[0];
  }

  var gCells = document.getElementById("cells"), gGovs = document.getElementById("govs");
  var gPlaces = document.getElementById("places");
  D.cells.forEach(function (c, i) {
    var p = el("path", {d: c.path, "class": "cell", "data-cell": i}, gCells);
    cellEls.push(p);
    c.places.forEach(function (k) { cellOf[k] = i; });
    p.addEventListener("click", function () { if (c.places.length) select(c.places[0]); });
  });
  D.governorates.forEach(function (g, i) {
    el("path", {d: g.path, "class": "gov"}, gGovs);
    var o = document.createElement("option");
    o.value = String(i);
    o.textContent = g.name;
    zoom.appendChild(o);
  });
  D.places.forEach(function (p, i) {
    var c = el("circle", {cx: p.x, cy: p.y, r: markerR, "class": "place", "data-place": p.id,
                          "aria-label": p.name}, gPlaces);
    c.addEventListener("click", function (ev) { ev.stopPropagation(); select(i); });
    c.addEventListener("mouseenter", function (ev) { showTip(i, ev); });
    c.addEventListener("mousemove", function (ev) { moveTip(ev); });
    c.addEventListener("mouseleave", function () { tip.style.display = "none"; });
    placeEls.push(c);
  });
  var legend = document.getElementById("legend");
  D.sides.forEach(function (s) {
    var row = document.createElement("div");
    var sw = text("span", "", "swatch");
    sw.style.background = s.colour;
    row.appendChild(sw);
    row.appendChild(document.createTextNode(s.label));
    row.setAttribute("data-side", s.id);
    legend.appendChild(row);
  });

  // The interval covering a date: the first in file order, as control_at finds it.
  function interval(i, iso) {
    var ivs = D.places[i].intervals;
    for (var k = 0; k < ivs.length; k++) if (ivs[k][0] <= iso && iso < ivs[k][1]) return ivs[k];
    return null;
  }
  function holder(i) {
    var iv = interval(i, D.dates[current]);
    var side = D.sides[D.place_sides[current].charCodeAt(i) - BASE];
    var actor = iv && iv[2] >= 0 ? D.actors[iv[2]] : ["unknown", "Unknown", "unknown"];
    return {iv: iv, side: side, actor: actor};
  }
  var STATUS = {h: "held", c: "contested (fighting inside)", b: "besieged"};

  function showInfo() {
    info.innerHTML = "";
    if (selected < 0) {
      info.appendChild(text("p", "Click a place (or its area) for who held it on this date and the source."));
      return;
    }
    var p = D.places[selected], h = holder(selected);
    info.appendChild(text("h2", p.name, "name"));
    info.appendChild(text("p", p.kind + ", " + p.governorate + " governorate", "where"));
    var line = document.createElement("p");
    line.appendChild(text("strong", "On " + niceDate(D.dates[current]) + ": "));
    var who = text("span", h.actor[1], "holder");
    who.setAttribute("data-controller", h.actor[0]);
    line.appendChild(who);
    var sw = text("span", "", "swatch");
    sw.style.background = h.side.colour;
    sw.style.marginLeft = "6px";
    line.appendChild(sw);
    line.appendChild(text("span", h.side.label, "side"));
    info.appendChild(line);
    if (!h.iv) {
      info.appendChild(text("p", "No coded interval covers this date."));
      return;
    }
    info.appendChild(text("p", (STATUS[h.iv[3]] || "held") + ", from " + niceDate(h.iv[0]) +
                              " to " + niceDate(h.iv[1]) + " (exclusive)", "status"));
    if (h.iv[4] >= 0) {
      var s = D.sources[h.iv[4]];
      var src = document.createElement("p");
      src.appendChild(text("span", "Source: "));
      var a = text("a", s[1], "source");
      a.href = s[2];
      a.rel = "noopener";
      a.target = "_blank";
      src.appendChild(a);
      src.appendChild(text("span", " (" + s[0] + ", graded " + s[3] + ")"));
      info.appendChild(src);
    }
    if (h.iv[5]) info.appendChild(text("blockquote", "\u201c" + h.iv[5] + "\u201d", "quote"));
  }
  function select(i) {
    if (selected >= 0) placeEls[selected].classList.remove("selected");
    selected = i;
    placeEls[i].classList.add("selected");
    showInfo();
  }
  function showTip(i, ev) {
    var h = holder(i);
    tip.innerHTML = "";
    tip.appendChild(text("strong", D.places[i].name));
    tip.appendChild(text("div", niceDate(D.dates[current]) + ": " + h.actor[1] + " (" + h.side.label + ")",
                         "tip-holder"));
    if (h.iv && h.iv[4] >= 0) {
      var q = h.iv[5].length > 140 ? h.iv[5].slice(0, 137) + "\u2026" : h.iv[5];
      var said = D.sources[h.iv[4]][0] + (q ? ": \u201c" + q + "\u201d" : "");
      tip.appendChild(text("div", said, "tip-source"));
    }
    tip.style.display = "block";
    moveTip(ev);
  }
  function moveTip(ev) {
    var box = document.getElementById("mapbox").getBoundingClientRect();
    tip.style.left = (ev.clientX - box.left + 12) + "px";
    tip.style.top = (ev.clientY - box.top + 12) + "px";
  }

  function render(index) {
    current = index;
    var cs = D.cell_sides[index], ps = D.place_sides[index];
    for (var i = 0; i < cellEls.length; i++)
      cellEls[i].setAttribute("fill", D.sides[cs.charCodeAt(i) - BASE].colour);
    for (var j = 0; j < placeEls.length; j++)
      placeEls[j].setAttribute("fill", D.sides[ps.charCodeAt(j) - BASE].colour);
    dateLabel.textContent = niceDate(D.dates[index]);
    dateLabel.setAttribute("data-date", D.dates[index]);
    slider.value = String(index);
    if (selected >= 0) showInfo();
  }

  function setZoom() {
    var box = [0, 0, D.width, D.height];
    if (zoom.value !== "") {
      var b = D.governorates[Number(zoom.value)].bbox;
      var w = b[2] - b[0], h = b[3] - b[1], pad = 0.08 * Math.max(w, h);
      box = [b[0] - pad, b[1] - pad, w + 2 * pad, h + 2 * pad];
      var aspect = D.width / D.height;
      if (box[2] / box[3] < aspect) { var nw = box[3] * aspect; box[0] -= (nw - box[2]) / 2; box[2] = nw; }
      else { var nh = box[2] / aspect; box[1] -= (nh - box[3]) / 2; box[3] = nh; }
    }
    svg.setAttribute("viewBox", box.map(function (v) { return v.toFixed(1); }).join(" "));
    var r = markerR * Math.max(box[2] / D.width, 0.25);
    placeEls.forEach(function (c) { c.setAttribute("r", r.toFixed(2)); });
  }

  function stop() {
    if (timer !== null) clearInterval(timer);
    timer = null;
    playButton.textContent = "\u25B6 Play";
    playButton.setAttribute("aria-label", "Play");
  }
  function play() {
    if (current >= D.dates.length - 1) render(0);
    playButton.textContent = "\u23F8 Pause";
    playButton.setAttribute("aria-label", "Pause");
    timer = setInterval(function () {
      if (current >= D.dates.length - 1) { stop(); return; }
      render(current + 1);
    }, 300);
  }

  slider.max = String(D.dates.length - 1);
  slider.addEventListener("input", function () { render(Number(slider.value)); });
  playButton.addEventListener("click", function () { if (timer === null) play(); else stop(); });
  zoom.addEventListener("change", setZoom);
  render(0);
  window.atlasFirstMapMs = performance.now();
  document.documentElement.setAttribute("data-ready", "1");
  window.atlasExplorer = {render: render, select: select, data: D};
})();
</script>
</body>
</html>
"""
