/* Report layers for Leaflet: points drawn on one canvas, region areas as GeoJSON; the legend and
 * the view kept in the page's link.
 *
 * Data arrive as compact arrays (ids, coordinates, style indices), so tens of thousands of reports
 * cost one canvas and no DOM node each. Clicks are hit-tested here; a click fires a Leaflet "click"
 * event whose `layer.toGeoJSON()` gives {properties: {id}}, which streamlit-folium returns to the
 * app as `last_active_drawing`. Popup HTML, when present, was escaped on the server. How each claim
 * status is drawn comes from the server as data (`L.reportStyle`, from geo/present/palette.py).
 *
 * (About 460 lines: one Leaflet plug-in whose parts share the canvas, its hit test and its grouping;
 * split, each part would reach into the others' state.)
 */
(function () {
  if (window.L === undefined || L.ReportPoints) { return; }

  var RADIUS = 6, HIT = 9, GROUP = 12;
  var STYLE = { statuses: [], symbols: [], nationality: "nationality", area: { base: 0.1, step: 0.05, max: 0.3 } };

  L.reportStyle = function (style) { STYLE = style; };

  function mercator(lon, lat) {
    var s = Math.sin(lat * Math.PI / 180);
    s = Math.min(Math.max(s, -0.9999), 0.9999);
    return [(lon + 180) / 360, 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)];
  }

  // Popups never wider than the map, and kept clear of its controls.
  function popupOptions(map) {
    var width = map.getSize().x;
    return { maxWidth: Math.max(160, Math.min(360, width - 70)), minWidth: Math.min(200, width - 70),
             autoPanPaddingTopLeft: [50, 20], autoPanPaddingBottomRight: [20, 20] };
  }

  function mark(container, key, value) {
    if (container && container.dataset) { container.dataset[key] = String(value); }
  }

  L.ReportPoints = L.Layer.extend({
    options: { pane: "markerPane", aggregateAbove: 4000, cell: 44 },

    initialize: function (data, options) {
      L.setOptions(this, options);
      var n = data.id.length;
      this._data = data;
      this._n = n;
      this._mx = new Float64Array(n);
      this._my = new Float64Array(n);
      for (var i = 0; i < n; i++) {
        var m = mercator(data.x[i], data.y[i]);
        this._mx[i] = m[0]; this._my[i] = m[1];
      }
      this._selected = -1;
    },

    onAdd: function (map) {
      this._map = map;
      this._canvas = L.DomUtil.create("canvas", "report-points");
      this._canvas.style.pointerEvents = "none";
      this._canvas.style.position = "absolute";
      map.getPane(this.options.pane).appendChild(this._canvas);
      this._onClickBound = this._onDomClick.bind(this);
      this._onMoveBound = this._onDomMove.bind(this);
      this._onDownBound = this._onDomDown.bind(this);
      var container = map.getContainer();
      container.addEventListener("click", this._onClickBound, true);
      container.addEventListener("mousemove", this._onMoveBound, false);
      container.addEventListener("pointerdown", this._onDownBound, true);
      map.on("moveend zoomend resize viewreset", this._redraw, this);
      map.on("zoomstart", this._hide, this);
      if (this._data.selected) { this.select(this._data.selected); }
      container.addEventListener("keydown", this._onKeyBound = this._onKey.bind(this), false);
      this._redraw();
    },

    onRemove: function (map) {
      var container = map.getContainer();
      container.removeEventListener("click", this._onClickBound, true);
      container.removeEventListener("mousemove", this._onMoveBound, false);
      container.removeEventListener("pointerdown", this._onDownBound, true);
      container.removeEventListener("keydown", this._onKeyBound, false);
      map.off("moveend zoomend resize viewreset", this._redraw, this);
      map.off("zoomstart", this._hide, this);
      L.DomUtil.remove(this._canvas);
      this._canvas = null;
    },

    select: function (id) {
      this._selected = this._data.id.indexOf(id);
      if (this._map) { this._redraw(); }
    },

    _hide: function () { if (this._canvas) { this._canvas.style.visibility = "hidden"; } },

    _redraw: function () {
      var map = this._map, canvas = this._canvas;
      if (!map || !canvas) { return; }
      var size = map.getSize(), ratio = window.devicePixelRatio || 1;
      var topLeft = map.containerPointToLayerPoint([0, 0]);
      L.DomUtil.setPosition(canvas, topLeft);
      canvas.width = size.x * ratio; canvas.height = size.y * ratio;
      canvas.style.width = size.x + "px"; canvas.style.height = size.y + "px";
      canvas.style.visibility = "visible";
      var ctx = canvas.getContext("2d");
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);

      var scale = 256 * Math.pow(2, map.getZoom());
      var origin = map.getPixelOrigin(), pane = map._getMapPanePos();
      var ox = pane.x - origin.x, oy = pane.y - origin.y;
      var n = this._n, sx = new Float32Array(n), sy = new Float32Array(n), visible = [];
      var pad = 2 * HIT;
      for (var i = 0; i < n; i++) {
        var x = this._mx[i] * scale + ox, y = this._my[i] * scale + oy;
        // Also draw copies one world to the left or right when the view wraps.
        if (x < -pad) { x += scale; } else if (x > size.x + pad) { x -= scale; }
        sx[i] = x; sy[i] = y;
        if (x >= -pad && x <= size.x + pad && y >= -pad && y <= size.y + pad) { visible.push(i); }
      }
      this._sx = sx; this._sy = sy;
      this._clusters = null;
      if (visible.length > this.options.aggregateAbove) {
        this._drawClusters(ctx, visible);
      } else {
        this._drawPoints(ctx, visible);
      }
      mark(map.getContainer(), "paintedPoints", visible.length);
      mark(map.getContainer(), "paintedAt", Date.now());
    },

    _drawPoints: function (ctx, visible) {
      var d = this._data, colors = d.colors;
      // Batch by style: one path per (colour, status).
      var groups = {};
      for (var k = 0; k < visible.length; k++) {
        var i = visible[k], key = d.c[i] + ":" + d.s[i];
        (groups[key] = groups[key] || []).push(i);
      }
      for (var key in groups) {
        var parts = key.split(":"), color = colors[+parts[0]], symbol = STYLE.symbols[+parts[1]];
        var idx = groups[key];
        var paint = function (value) { return value === STYLE.nationality ? color : value; };
        ctx.beginPath();
        for (var j = 0; j < idx.length; j++) {
          var p = idx[j];
          ctx.moveTo(this._sx[p] + RADIUS, this._sy[p]);
          ctx.arc(this._sx[p], this._sy[p], RADIUS, 0, 2 * Math.PI);
        }
        ctx.setLineDash(symbol.dash);
        ctx.fillStyle = paint(symbol.fill); ctx.fill();
        ctx.lineWidth = symbol.width; ctx.strokeStyle = paint(symbol.stroke); ctx.stroke();
        ctx.setLineDash([]);
        if (symbol.strike) {
          ctx.beginPath();
          for (var q = 0; q < idx.length; q++) {
            var r = idx[q];
            ctx.moveTo(this._sx[r] - RADIUS, this._sy[r] + RADIUS);
            ctx.lineTo(this._sx[r] + RADIUS, this._sy[r] - RADIUS);
          }
          ctx.lineWidth = 1.5; ctx.strokeStyle = "#333"; ctx.stroke();
        }
      }
      ctx.setLineDash([]);
      var s = this._selected;
      if (s >= 0 && visible.indexOf(s) >= 0) {
        ctx.beginPath();
        ctx.arc(this._sx[s], this._sy[s], RADIUS + 4, 0, 2 * Math.PI);
        ctx.lineWidth = 3; ctx.strokeStyle = "#000"; ctx.stroke();
      }
      this._groups = this._group(visible);
      ctx.font = "bold 10px sans-serif"; ctx.textAlign = "center"; ctx.textBaseline = "middle";
      for (var g = 0; g < this._groups.length; g++) {
        var grp = this._groups[g];
        if (grp.members.length < 2) { continue; }
        var bx = grp.x + RADIUS + 3, by = grp.y - RADIUS - 3;
        ctx.beginPath(); ctx.arc(bx, by, 7, 0, 2 * Math.PI);
        ctx.fillStyle = "#222"; ctx.fill(); ctx.lineWidth = 1.5; ctx.strokeStyle = "#fff"; ctx.stroke();
        ctx.fillStyle = "#fff"; ctx.fillText(String(grp.members.length), bx, by + 0.5);
      }
      mark(this._map.getContainer(), "pointGroups", this._groups.filter(function (x) { return x.members.length > 1; }).length);
    },

    // Points closer than GROUP pixels form one group: one click lists them all (a grid keeps it linear).
    _group: function (visible) {
      var grid = {}, groups = [], size = GROUP;
      for (var k = 0; k < visible.length; k++) {
        var i = visible[k], x = this._sx[i], y = this._sy[i];
        var cx = Math.floor(x / size), cy = Math.floor(y / size), found = null;
        for (var dx = -1; dx <= 1 && !found; dx++) {
          for (var dy = -1; dy <= 1 && !found; dy++) {
            var cell = grid[(cx + dx) + ":" + (cy + dy)];
            if (!cell) { continue; }
            for (var c = 0; c < cell.length; c++) {
              var other = cell[c], ex = other.x - x, ey = other.y - y;
              if (ex * ex + ey * ey <= size * size) { found = other; break; }
            }
          }
        }
        if (found) { found.members.push(i); continue; }
        var group = { x: x, y: y, members: [i] };
        groups.push(group);
        (grid[cx + ":" + cy] = grid[cx + ":" + cy] || []).push(group);
      }
      return groups;
    },

    _drawClusters: function (ctx, visible) {
      // Many points in view: count them per grid cell and draw one bubble per cell.
      var cell = this.options.cell, cells = {}, list = [];
      for (var k = 0; k < visible.length; k++) {
        var i = visible[k];
        var key = Math.floor(this._sx[i] / cell) + ":" + Math.floor(this._sy[i] / cell);
        var c = cells[key];
        if (!c) { c = cells[key] = { n: 0, x: 0, y: 0, first: i }; list.push(c); }
        c.n += 1; c.x += this._sx[i]; c.y += this._sy[i];
      }
      ctx.font = "bold 11px sans-serif"; ctx.textAlign = "center"; ctx.textBaseline = "middle";
      for (var j = 0; j < list.length; j++) {
        var b = list[j];
        b.x /= b.n; b.y /= b.n;
        b.r = b.n === 1 ? RADIUS : Math.min(8 + 3 * Math.log(b.n), cell / 2);
        ctx.beginPath();
        ctx.arc(b.x, b.y, b.r, 0, 2 * Math.PI);
        ctx.fillStyle = b.n === 1 ? this._data.colors[this._data.c[b.first]] : "rgba(40,40,40,0.72)";
        ctx.fill();
        ctx.lineWidth = 1.5; ctx.strokeStyle = "#fff"; ctx.stroke();
        if (b.n > 1) { ctx.fillStyle = "#fff"; ctx.fillText(b.n > 9999 ? Math.round(b.n / 1000) + "k" : String(b.n), b.x, b.y); }
      }
      this._clusters = list;
      mark(this._map.getContainer(), "clusters", list.length);
    },

    _hit: function (event) {
      if (!this._sx) { return null; }
      var rect = this._map.getContainer().getBoundingClientRect();
      var x = event.clientX - rect.left, y = event.clientY - rect.top;
      if (this._clusters) {
        for (var j = 0; j < this._clusters.length; j++) {
          var b = this._clusters[j], dx = b.x - x, dy = b.y - y;
          if (dx * dx + dy * dy <= (b.r + 2) * (b.r + 2)) { return { cluster: b }; }
        }
        return null;
      }
      return this._groupAt(x, y, HIT);
    },

    // The group with a member within `radius` pixels of (x, y), nearest first.
    _groupAt: function (x, y, radius) {
      var best = null, bestD = radius * radius;
      var groups = this._groups || [];
      for (var g = 0; g < groups.length; g++) {
        for (var m = 0; m < groups[g].members.length; m++) {
          var i = groups[g].members[m], ex = this._sx[i] - x, ey = this._sy[i] - y, d2 = ex * ex + ey * ey;
          if (d2 <= bestD) { best = groups[g]; bestD = d2; }
        }
      }
      return best ? { group: best } : null;
    },

    _onDomDown: function (event) {
      this._down = { x: event.clientX, y: event.clientY, touch: event.pointerType === "touch", at: Date.now() };
    },

    _onDomMove: function (event) {
      if (this._moveQueued) { return; }
      this._moveQueued = true;
      var self = this;
      window.requestAnimationFrame(function () {
        self._moveQueued = false;
        if (!self._map) { return; }
        self._map.getContainer().classList.toggle("report-hover", !!self._hit(event));
      });
    },

    _onDomClick: function (event) {
      if (!this._map) { return; }
      var down = this._down, where = event;
      if (down && down.touch && Date.now() - down.at < 1000) {
        where = { clientX: down.x, clientY: down.y };  // a tap: the browser sends no click after a drag
      } else if (down && Math.abs(down.x - event.clientX) + Math.abs(down.y - event.clientY) > 4) {
        return;  // the end of a drag, not a click
      }
      if (event.target && event.target.closest && event.target.closest(".leaflet-control, .leaflet-popup")) { return; }
      var hit = this._hit(where);
      if (!hit) { return; }
      event.stopPropagation();
      event.preventDefault();
      var map = this._map;
      if (hit.cluster) {
        map.setView(map.containerPointToLatLng([hit.cluster.x, hit.cluster.y]), Math.min(map.getZoom() + 2, map.getMaxZoom()));
        return;
      }
      this.openGroup(hit.group);
    },

    // Keyboard: with the map focused, Enter opens the reports nearest the centre of the map.
    _onKey: function (event) {
      if (event.key !== "Enter" || !this._map || event.target !== this._map.getContainer()) { return; }
      var size = this._map.getSize(), hit = this._groupAt(size.x / 2, size.y / 2, 40);
      if (hit) { event.preventDefault(); this.openGroup(hit.group); }
    },

    openGroup: function (group) {
      if (group.members.length === 1) { this.openReport(group.members[0]); return; }
      var d = this._data, self = this, first = group.members[0];
      var content = document.createElement("div");
      content.className = "rp rp-group";
      var head = document.createElement("div");
      head.className = "rp-place";
      head.textContent = group.members.length + " reports at this place: choose one";
      content.appendChild(head);
      var list = document.createElement("ul");
      group.members.forEach(function (i) {
        var item = document.createElement("li"), button = document.createElement("button");
        button.type = "button";
        button.className = "rp-pick";
        button.textContent = d.t ? d.t[i] : d.id[i];  // plain text, never HTML
        button.dataset.report = d.id[i];
        L.DomEvent.on(button, "click", function (e) { L.DomEvent.stop(e); self.openReport(i); });
        item.appendChild(button);
        list.appendChild(item);
      });
      content.appendChild(list);
      L.popup(popupOptions(this._map)).setLatLng(L.latLng(d.y[first], d.x[first])).setContent(content).openOn(this._map);
      var buttons = content.querySelectorAll("button");
      if (buttons.length) { buttons[0].focus({ preventScroll: true }); }
    },

    openReport: function (i) {
      var d = this._data, map = this._map, latlng = L.latLng(d.y[i], d.x[i]);
      this._selected = i;
      this._redraw();
      var html = d.h ? d.h[i] : null;
      var content = document.createElement("div");
      if (html) {
        content.innerHTML = html;  // escaped on the server
      } else {
        content.textContent = d.id[i] + ": details are in the panel below the map.";
      }
      L.popup(popupOptions(map)).setLatLng(latlng).setContent(content).openOn(map);
      var feature = { type: "Feature", properties: { id: d.id[i] }, geometry: { type: "Point", coordinates: [d.x[i], d.y[i]] } };
      var target = { feature: feature, toGeoJSON: function () { return feature; } };
      this.fire("click", { latlng: latlng, layer: target, sourceTarget: target, propagatedFrom: target });
    }
  });

  L.reportRegions = function (collection, options) {
    return L.geoJSON(collection, {
      pane: "overlayPane",
      style: function (feature) {
        var p = feature.properties;
        return {
          color: p.color, weight: p.selected ? 4 : 2, dashArray: "6 4", opacity: 0.9,
          fillColor: p.color, fillOpacity: Math.min(STYLE.area.base + STYLE.area.step * Math.log2(1 + p.n), STYLE.area.max)
        };
      },
      onEachFeature: function (feature, layer) {
        var content = document.createElement("div");
        content.innerHTML = feature.properties.html;  // escaped on the server
        delete feature.properties.html;  // keep what a click sends back to the app small
        // The popup belongs to the map, not to this layer: the app swaps the report layers in when the
        // selection changes, and the popup the reader just opened stays open.
        layer.on("click", function (event) {
          var map = layer._map;
          L.popup(L.extend(popupOptions(map), { maxHeight: 340 })).setLatLng(event.latlng).setContent(content).openOn(map);
        });
      }
    });
  };

  // The page's controls on the map: the legend (collapsible; collapsed on a narrow map), a caption of
  // what is shown, and a button that zooms to the shown reports. Their content comes from the server:
  // the legend's HTML was escaped there; the caption is set as text.
  var PAGE = { map: null, caption: null, bounds: null, pending: null };

  L.reportPage = function (map, legendHtml) {
    PAGE.map = map;
    var narrow = map.getSize().x < 560;
    var legend = L.control({ position: "bottomright" });
    legend.onAdd = function () {
      var div = L.DomUtil.create("div", "report-legend-control" + (narrow ? " collapsed" : ""));
      var toggle = L.DomUtil.create("button", "legend-toggle", div);
      toggle.type = "button";
      toggle.textContent = "Legend";
      toggle.setAttribute("aria-expanded", String(!narrow));
      var body = L.DomUtil.create("div", "legend-body", div);
      body.innerHTML = legendHtml;
      function fold(collapsed) {
        div.classList.toggle("collapsed", collapsed);
        toggle.setAttribute("aria-expanded", String(!collapsed));
      }
      L.DomEvent.on(toggle, "click", function () { wanted = div.classList.contains("collapsed"); fold(!wanted); });
      // A popup is read first: the legend folds while one is open, and comes back as the reader left it.
      var wanted = !narrow;
      map.on("popupopen", function () { fold(true); });
      map.on("popupclose", function () { fold(!wanted); });
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      return div;
    };
    legend.addTo(map);
    var caption = L.control({ position: "bottomleft" });
    caption.onAdd = function () {
      var div = L.DomUtil.create("div", "report-caption");
      div.setAttribute("aria-live", "polite");
      L.DomEvent.disableClickPropagation(div);
      return div;
    };
    caption.addTo(map);
    PAGE.caption = caption.getContainer();
    var zoom = L.control({ position: "topleft" });
    zoom.onAdd = function () {
      var div = L.DomUtil.create("div", "leaflet-bar report-fit");
      var link = L.DomUtil.create("a", "", div);
      link.href = "#"; link.role = "button"; link.title = "Zoom to the shown reports";
      link.setAttribute("aria-label", "Zoom to the shown reports");
      link.textContent = "\u2922";
      L.DomEvent.on(link, "click", function (e) { L.DomEvent.stop(e); L.reportFit(); });
      return div;
    };
    zoom.addTo(map);
    if (PAGE.pending) { L.reportShown(PAGE.pending); }
  };

  // What the current filters show: the caption's text and the bounds of the drawn reports.
  L.reportShown = function (shown) {
    if (!PAGE.caption) { PAGE.pending = shown; return; }
    PAGE.caption.textContent = shown.caption;
    PAGE.bounds = shown.bounds;
    mark(PAGE.map.getContainer(), "caption", shown.caption);
  };

  L.reportFit = function () {
    if (PAGE.map && PAGE.bounds) { PAGE.map.fitBounds(PAGE.bounds, { padding: [30, 30], maxZoom: 10 }); }
  };

  // Keep the map view in the page's address so that a copied link reopens it (lat, lon, z).
  // The opening view is not written: a link without a view keeps opening the default one.
  L.syncViewToLink = function (map) {
    var start = map.getCenter(), startZoom = map.getZoom(), moved = false;
    map.on("moveend", function () {
      var c = map.getCenter();
      if (!moved && map.getZoom() === startZoom && c.distanceTo(start) < 1) { return; }
      moved = true;
      try {
        var url = new URL(window.parent.location.href);
        url.searchParams.set("lat", c.lat.toFixed(4));
        url.searchParams.set("lon", c.lng.toFixed(4));
        url.searchParams.set("z", String(map.getZoom()));
        window.parent.history.replaceState(window.parent.history.state, "", url.toString());
      } catch (e) { /* another origin: the link keeps the filters only */ }
    });
  };

  window.reportCounts = function (map) {
    var points = 0, regions = 0, reportsInRegions = 0;
    map.eachLayer(function (layer) {
      if (layer instanceof L.ReportPoints) { points += layer._n; }
      if (layer.feature && layer.feature.properties && layer.feature.properties.region) {
        regions += 1; reportsInRegions += layer.feature.properties.n;
      }
    });
    return { points: points, regions: regions, reportsInRegions: reportsInRegions };
  };
})();
