/* The outlines that help a newcomer find their way: every community (before one is
   chosen), the chosen community with its compounds — a click on a compound chooses it —
   each labelled with its name. The compound in review is drawn by review.js. */
import { state } from "./bus.js";

let communities = null;
let compounds = null;

function drop(layer) {
  if (layer) state.map.removeLayer(layer);
  return null;
}

function labelled(feature, layer) {
  const name = (feature.properties && feature.properties.name) || String(feature.id);
  layer.bindTooltip(name, { permanent: true, direction: "center", className: "place-label" });
}

/* All communities' outlines; `pick(id)` when one is clicked. */
export function showCommunities(features, pick) {
  communities = drop(communities);
  if (!features.length) return;
  communities = L.geoJSON({ type: "FeatureCollection", features }, {
    className: "wj-community",
    style: { color: "#455a64", weight: 2, fillColor: "#90a4ae", fillOpacity: 0.08 },
    onEachFeature: (f, layer) => {
      labelled(f, layer);
      layer.on("click", () => pick(String(f.id)));
    },
  }).addTo(state.map);
  communities.bringToBack();
}

/* The chosen community's outline and its compounds; `pick(id)` chooses a compound. */
export function showCommunity(community, compoundFeatures, pick) {
  communities = drop(communities);
  compounds = drop(compounds);
  const group = L.featureGroup();
  if (community) {
    L.geoJSON(community, {
      interactive: false,
      className: "wj-community",
      style: { color: "#455a64", weight: 2, fill: false },
    }).addTo(group);
  }
  L.geoJSON({ type: "FeatureCollection", features: compoundFeatures }, {
    className: "wj-compound-choice",
    style: { color: "#d84315", weight: 1.5, fillColor: "#ffccbc", fillOpacity: 0.25 },
    onEachFeature: (f, layer) => {
      labelled(f, layer);
      layer.on("click", () => pick(String(f.id)));
    },
  }).addTo(group);
  compounds = group.addTo(state.map);
  compounds.bringToBack();
  if (group.getLayers().length && group.getBounds().isValid()) {
    state.map.fitBounds(group.getBounds(), { padding: [20, 20], animate: false });
  }
}

/* While a compound is in review its neighbours stay as faint outlines, not clickable fills. */
export function dimCompounds(dim) {
  state.map.getContainer().classList.toggle("in-review", dim);
  if (!compounds) return;
  compounds.eachLayer((layer) => {
    if (layer.setStyle) layer.setStyle({ fillOpacity: dim ? 0 : 0.25, opacity: dim ? 0.5 : 1 });
  });
}

export function clear() {
  communities = drop(communities);
  compounds = drop(compounds);
}
