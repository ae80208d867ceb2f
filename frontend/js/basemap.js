/* The Leaflet map with the configured base map (GET /api/v1/public/map-config):
   none — the records on a plain background, which works on an offline intranet;
   tianditu — 天地图 vector tiles and labels (with the key the service holds);
   xyz — one tile URL (an intranet tile server). Tiles must be WGS84/CGCS2000. */
export function createMap(element, config, options = {}) {
  const base = config.basemap || { kind: "none", layers: [] };
  const map = L.map(element, Object.assign({
    attributionControl: Boolean(base.attribution),
    minZoom: 3,
    maxZoom: 22,
    zoomSnap: 0.25,
  }, options));
  if (base.attribution) map.attributionControl.setPrefix(false);
  (base.layers || []).forEach((layer) => {
    L.tileLayer(layer.url, {
      subdomains: layer.subdomains || "abc",
      maxNativeZoom: base.max_zoom || 18,
      maxZoom: 22,
      attribution: base.attribution || "",
    }).addTo(map);
  });
  element.classList.add(base.kind === "none" ? "no-basemap" : "with-basemap");
  element.dataset.basemap = base.kind;
  fitExtent(map, config.extent);
  L.control.scale({ imperial: false }).addTo(map);
  return map;
}

/* extent: [west, south, east, north] in degrees, or null (then a view of Tianjin). */
export function fitExtent(map, extent) {
  if (extent && extent.length === 4) {
    map.fitBounds([[extent[1], extent[0]], [extent[3], extent[2]]], { padding: [10, 10] });
  } else {
    map.setView([39.25, 117.78], 12);
  }
}
