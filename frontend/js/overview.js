/* The district overview from vector tiles (GET /api/v1/tiles/{collection}/{z}/{x}/{y}.mvt,
   drawn by Leaflet.VectorGrid on canvas): every grid cell the user may see, shaded by its
   maintained figures (coverage or share occupied, as the shading control says), and every
   violation coloured by status. The compound in review is drawn from GeoJSON by review.js
   (its figures follow the period chosen), so the overview steps aside while one is chosen.
   The tiles answer ETag and no-cache: the browser revalidates each (304 when unchanged),
   and a write shows at the next redraw. */
import { token } from "./api.js";
import { on, state } from "./bus.js";
import { cellColor, violationStyle } from "./shading.js";
import * as overlays from "./overlays.js";

const PANE = "overview";
let layers = [];

function tileUrl(collection) {
  return "/api/v1/tiles/" + collection + "/{z}/{x}/{y}.mvt";
}

function tiles(collection, style) {
  return L.vectorGrid.protobuf(tileUrl(collection), {
    pane: PANE,
    rendererFactory: L.canvas.tile,
    interactive: false,
    maxNativeZoom: 22,
    maxZoom: 22,
    fetchOptions: { headers: { Authorization: "Bearer " + token() }, cache: "no-cache" },
    vectorTileLayerStyles: { [collection]: style },
  });
}

function gridStyle(properties) {
  return {
    fill: true, fillColor: cellColor(overlays.shading(), properties), fillOpacity: 0.6,
    color: "#607d8b", weight: 0.5,
  };
}

function violationTileStyle(properties) {
  return Object.assign({ fill: true }, violationStyle(properties, false));
}

function drop() {
  layers.forEach((layer) => state.map.removeLayer(layer));
  layers = [];
}

/* Draw the overview anew (its tiles revalidated), unless a compound is in review. */
export function show() {
  drop();
  if (!token() || state.compound || typeof L.vectorGrid === "undefined") return;
  layers = [tiles("grids", gridStyle), tiles("violations", violationTileStyle)];
  layers.forEach((layer) => layer.addTo(state.map));
  state.map.getContainer().dataset.overview = "tiles";
}

export function init() {
  const pane = state.map.createPane(PANE);
  pane.style.zIndex = 350; // above the base map's tiles, below the GeoJSON overlays
  pane.style.pointerEvents = "none";
  on("login", show);
  on("logout", drop);
  on("compound", show);
  on("reshade", show);
  on("changed", show);
}
