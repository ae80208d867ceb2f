// The OGC API's HTML page of a layer's features (api/ogc/templates/items.html): the
// page's features, read from its JSON script element, on a Leaflet map. A file of its
// own, not inline, so that the pages' Content-Security-Policy (script-src 'self') holds.
const data = JSON.parse(document.getElementById("features").textContent);
const map = L.map("map");
const layer = L.geoJSON(data, { onEachFeature: (f, l) => l.bindTooltip(String(f.id)) }).addTo(map);
if (layer.getLayers().length) map.fitBounds(layer.getBounds());
else map.setView([39.25, 117.8], 12);
