/* An offline vector basemap (Natural Earth): land, borders, rivers and towns, drawn beneath any
 * tiles. Online tiles, when they load, cover it; when they cannot load, it is what the reader sees.
 */
(function () {
  if (window.L === undefined || L.basemapLayer) { return; }

  // Smallest zoom at which a town of a given Natural Earth scale rank is labelled.
  function labelZoom(rank) { return rank <= 2 ? 3 : rank <= 4 ? 5 : rank <= 6 ? 7 : rank <= 7 ? 8 : 9; }

  var STYLE = {
    land: { stroke: false, fill: true, fillColor: "#f3f1ea", fillOpacity: 1 },
    country: { color: "#7a7a7a", weight: 1.3, opacity: 0.9, fill: false },
    admin1: { color: "#a5a5a5", weight: 0.7, dashArray: "3 3", opacity: 0.9, fill: false },
    river: { color: "#7fb0d4", weight: 1, opacity: 0.9, fill: false }
  };

  L.basemapLayer = function (data, map, group) {
    if (!map.getPane("basemap")) {
      var pane = map.createPane("basemap");
      pane.style.zIndex = 150;  // below tiles (200): tiles that load cover the basemap
      pane.style.pointerEvents = "none";
    }
    var renderer = L.canvas({ pane: "basemap" });  // one canvas: cheaper than an SVG node per feature
    var layer = L.geoJSON(data, {
      pane: "basemap",
      interactive: false,
      filter: function (feature) { return feature.properties.kind !== "town"; },
      style: function (feature) {
        return L.extend({ renderer: renderer }, STYLE[feature.properties.kind] || STYLE.country);
      }
    });
    // Towns: only those labelled at the current zoom are on the map (a label is a DOM node).
    var towns = data.features.filter(function (f) { return f.properties.kind === "town" && f.properties.name; })
      .map(function (feature) {
        var c = feature.geometry.coordinates, rank = feature.properties.rank;
        var marker = L.circleMarker([c[1], c[0]], {
          pane: "basemap", renderer: renderer, radius: rank <= 2 ? 3 : 2, interactive: false,
          color: "#555", weight: 1, fillColor: "#fff", fillOpacity: 1
        });
        marker.bindTooltip(feature.properties.name, {
          permanent: true, direction: "right", offset: [3, 0], className: "town-label", interactive: false
        });
        return { marker: marker, zoom: labelZoom(rank) };
      });
    var townLayer = L.layerGroup();
    function labels() {
      var zoom = map.getZoom();
      for (var i = 0; i < towns.length; i++) {
        var town = towns[i], show = zoom >= town.zoom, shown = townLayer.hasLayer(town.marker);
        if (show && !shown) { townLayer.addLayer(town.marker); }
        if (!show && shown) { townLayer.removeLayer(town.marker); }
      }
      map.getContainer().dataset.basemapLabels = String(townLayer.getLayers().length);
    }
    labels();
    layer.addLayer(townLayer);
    layer.addTo(group || map);
    map.on("zoomend", labels);
    var container = map.getContainer();
    container.dataset.basemapFeatures = String(data.features.length);
    container.dataset.basemapAt = String(Date.now());
    return layer;
  };

  // `source`: the data itself, a URL, or {gzip: URL of the file gzipped, plain: its URL}. The server sends a
  // gzipped file as it is stored (no CPU per reader); the page unpacks it, or fetches the plain file if it cannot.
  L.loadBasemap = function (source, map, group) {
    if (typeof source !== "string" && !source.gzip) { return L.basemapLayer(source, map, group); }
    var unpack = !!source.gzip && typeof DecompressionStream === "function";
    fetch(unpack ? source.gzip : (source.plain || source)).then(function (response) {
      if (!response.ok) { throw new Error(response.status); }
      return unpack ? new Response(response.body.pipeThrough(new DecompressionStream("gzip"))).json() : response.json();
    }).then(function (data) { L.basemapLayer(data, map, group); })
      .catch(function (error) { map.getContainer().dataset.basemapError = String(error); });
  };
})();
