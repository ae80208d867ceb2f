/* What the drawing tools share: their buttons in the side panel (only for roles that may
   write records, only with a compound chosen), one tool panel at a time under them, the
   live area on the map, geodesic areas (GeographicLib on WGS84 — the algorithm PostGIS
   and pyproj use), the service's refusals shown with the place of the fault, and dates
   in the campaign's time zone. */
import { can, on, state } from "./bus.js";
import { el, wallParts } from "./format.js";
import { lang, t, words } from "./i18n.js";

words({
  "draw.area": ["面积 {area} m²", "Area {area} m²"],
  "draw.area_none": ["面积 — m²", "Area — m²"],
  "draw.fault": ["问题位置", "Where the problem is"],
  "draw.failed": ["保存失败：{detail}", "Not saved: {detail}"],
});

const tools = []; // {button, needsCompound}
let active = null; // {owner, cancel}
let areaControl = null;
let faultMarker = null;

/* A button in #tools: there only for roles that may write records, and shown only with
   a compound chosen when `needsCompound`. */
export function toolButton(name, key, onClick, needsCompound = true) {
  const button = el("button", {
    type: "button", className: "action", dataset: { tool: name, i18n: key }, onclick: onClick,
  }, t(key));
  tools.push({ button, needsCompound });
  refreshTools();
  return button;
}

export function refreshTools() {
  const box = document.getElementById("tools");
  tools.forEach(({ button, needsCompound }) => {
    if (!can("write_records")) { button.remove(); return; }
    if (!button.isConnected) box.appendChild(button);
    button.hidden = needsCompound && !state.compound;
  });
}

function panelElement() {
  let panel = document.getElementById("draw-panel");
  if (!panel) {
    panel = el("section", { id: "draw-panel", className: "draw-panel", hidden: true, "aria-live": "polite" });
    document.getElementById("tools").after(panel);
  }
  return panel;
}

/* Open the tool panel for `owner` (closing another tool's first, which cancels it);
   `cancel` is called when it is closed from outside (another tool, compound, logout). */
export function openPanel(owner, cancel, ...children) {
  if (active && active.owner !== owner) {
    const previous = active;
    active = null;
    previous.cancel();
  }
  active = { owner, cancel };
  const panel = panelElement();
  panel.innerHTML = "";
  Object.keys(panel.dataset).forEach((key) => delete panel.dataset[key]);
  panel.dataset.tool = owner;
  drawingMode(false);
  children.forEach((child) => child && panel.appendChild(child));
  panel.hidden = false;
  return panel;
}

export function closePanel(owner) {
  if (active && active.owner !== owner) return;
  active = null;
  const panel = panelElement();
  panel.hidden = true;
  panel.innerHTML = "";
  Object.keys(panel.dataset).forEach((key) => delete panel.dataset[key]);
  liveArea(null);
  showFault(null);
  drawingMode(false);
}

function cancelActive() {
  if (!active) return;
  const previous = active;
  active = null;
  previous.cancel();
}

/* While drawing, clicks go to the map (not to the footprints and cells under them). */
export function drawingMode(onOff) {
  if (!state.map) return;
  state.map.getContainer().classList.toggle("wj-drawing", Boolean(onOff));
  // Corners tapped in quick succession on a phone must not read as a double tap (zoom in).
  if (onOff) state.map.doubleClickZoom.disable(); else state.map.doubleClickZoom.enable();
}

/* Draw a shape with Geoman ("Polygon" or "Line"): onChange(latlngs) while drawing (the
   corners placed and the cursor), onCreate(layer) once it is finished. Returns
   {finish, stop, corners}. */
export function drawShape(shape, pathOptions, onChange, onCreate) {
  const map = state.map;
  let working = null;
  const changed = (event) => onChange(event.latlngs);
  const started = (event) => {
    if (event.shape !== shape || !event.workingLayer) return;
    working = event.workingLayer;
    working.on("pm:change", changed);
  };
  const created = (event) => {
    stop(false);
    // Geoman finishes its own bookkeeping after this event; take the layer after it.
    setTimeout(() => onCreate(event.layer), 0);
  };
  function stop(disable = true) {
    map.off("pm:drawstart", started);
    map.off("pm:create", created);
    if (working) working.off("pm:change", changed);
    if (disable && map.pm.Draw[shape] && map.pm.Draw[shape].enabled()) map.pm.disableDraw(shape);
  }
  map.on("pm:drawstart", started);
  map.on("pm:create", created);
  drawingMode(true);
  map.pm.enableDraw(shape, {
    snappable: true, allowSelfIntersection: true, tooltips: true, finishOn: null,
    templineStyle: pathOptions, hintlineStyle: { color: pathOptions.color, dashArray: "5,5" }, pathOptions,
  });
  return {
    stop,
    corners: () => (working ? working.getLatLngs().length : 0),
    finish: () => {
      const draw = map.pm.Draw[shape];
      if (draw && draw.enabled()) draw._finishShape();
    },
  };
}

/* ---- Areas on the ellipsoid ---- */

function ringArea(points) { // [[lat, lon], …], closed or not
  const polygon = geodesic.Geodesic.WGS84.Polygon(false);
  let n = 0;
  points.forEach(([lat, lon], i) => {
    const closing = i > 0 && i === points.length - 1 && lat === points[0][0] && lon === points[0][1];
    if (!closing) { polygon.AddPoint(lat, lon); n += 1; }
  });
  return n < 3 ? 0 : Math.abs(polygon.Compute(false, true).area);
}

function ringsArea(rings) { // the first ring is the outline, the others holes
  if (!rings.length) return 0;
  return Math.max(0, rings.slice(1).reduce((sum, ring) => sum - ringArea(ring), ringArea(rings[0])));
}

/* Area in m² of a GeoJSON Polygon/MultiPolygon. */
export function geometryArea(geometry) {
  if (!geometry) return 0;
  const swap = (rings) => rings.map((ring) => ring.map(([lon, lat]) => [lat, lon]));
  if (geometry.type === "Polygon") return ringsArea(swap(geometry.coordinates));
  if (geometry.type === "MultiPolygon") return geometry.coordinates.reduce((s, p) => s + ringsArea(swap(p)), 0);
  return 0;
}

/* Area in m² of Leaflet latlngs: a ring, a polygon's rings, or a multipolygon's. */
export function latLngsArea(latlngs) {
  if (!latlngs || !latlngs.length) return 0;
  const toPairs = (ring) => ring.map((ll) => [ll.lat, ll.lng]);
  if (latlngs[0] instanceof L.LatLng) return ringArea(toPairs(latlngs));
  if (latlngs[0].length && latlngs[0][0] instanceof L.LatLng) return ringsArea(latlngs.map(toPairs));
  return latlngs.reduce((sum, part) => sum + latLngsArea(part), 0);
}

export function areaText(m2) {
  return m2 === null || m2 === undefined ? t("draw.area_none") : t("draw.area", { area: m2.toFixed(1) });
}

/* The live area, on the map (bottom left) and in every .live-area of the tool panel;
   null hides it. */
export function liveArea(m2) {
  if (!state.map) return;
  if (!areaControl) {
    const Control = L.Control.extend({
      onAdd() {
        const div = L.DomUtil.create("div", "wj-live-area leaflet-bar");
        div.id = "live-area";
        return div;
      },
    });
    areaControl = new Control({ position: "bottomleft" });
  }
  if (m2 === null || m2 === undefined) {
    if (areaControl._map) areaControl.remove();
    return;
  }
  if (!areaControl._map) areaControl.addTo(state.map);
  const text = areaText(m2);
  areaControl.getContainer().textContent = text;
  areaControl.getContainer().dataset.areaM2 = String(m2);
  document.querySelectorAll("#draw-panel .live-area").forEach((node) => {
    node.textContent = text;
    node.dataset.areaM2 = String(m2);
  });
}

/* ---- Refusals ---- */

/* Mark on the map where the service says the fault is ([lon, lat]); null removes it. */
export function showFault(where) {
  if (faultMarker) { faultMarker.remove(); faultMarker = null; }
  if (!where || !state.map || where.length < 2) return;
  faultMarker = L.circleMarker([where[1], where[0]], {
    radius: 9, color: "#c62828", weight: 3, fillColor: "#ffcdd2", fillOpacity: 0.7, className: "wj-fault",
    pmIgnore: true, interactive: false,
  }).addTo(state.map);
  faultMarker.bindTooltip(t("draw.fault"), { permanent: true, direction: "top", className: "wj-fault-tip" });
}

/* Show an ApiError (the service's own detail) in `box`, and its fault on the map. */
export function showError(box, error) {
  const detail = error && error.message ? error.message : String(error);
  box.textContent = t("draw.failed", { detail });
  box.hidden = false;
  showFault(error && error.body && Array.isArray(error.body.where) ? error.body.where : null);
}

export function clearError(box) {
  box.textContent = "";
  box.hidden = true;
  showFault(null);
}

export function errorBox() {
  return el("p", { className: "error draw-error", role: "alert", hidden: true });
}

/* ---- Forms ---- */

/* A labelled field; `required` marks it with a star. */
export function field(key, input, required = false) {
  if (required) input.required = true;
  return el("label", { className: "draw-field" + (input.type === "checkbox" ? " check" : "") },
    input.type === "checkbox" ? input : null,
    el("span", {}, t(key), required ? el("abbr", { className: "req", title: t("draw.required") }, "*") : null),
    input.type === "checkbox" ? null : input);
}
words({ "draw.required": ["必填", "required"] });

export function heading(text, hint) {
  return el("div", { className: "draw-head" }, el("h3", {}, text), hint ? el("p", { className: "hint" }, hint) : null);
}


/* A moment (Date or ISO text) as campaign wall-clock time for <input type=datetime-local>. */
export function wallTime(moment) {
  const date = moment instanceof Date ? moment : new Date(moment);
  if (Number.isNaN(date.getTime())) return "";
  const p = wallParts(date);
  return p.date + "T" + p.time;
}

let started = false;

export function init() {
  if (started) return;
  started = true;
  on("login", refreshTools);
  on("compound", () => { cancelActive(); refreshTools(); });
  on("logout", () => { cancelActive(); refreshTools(); });
  if (state.map && state.map.pm) state.map.pm.setLang(lang() === "en" ? "en" : "zh");
}
