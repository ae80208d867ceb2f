/* The layer controls of the map view: the grid shading (coverage over a period, or the
   share occupied), and the optional layers of the compound in review — its sweeps, its
   complaints and the unswept part ("gaps") of the cell last clicked — with the legend. */
import { get } from "./api.js";
import { emit, on, state } from "./bus.js";
import { esc, when } from "./format.js";
import { t, words } from "./i18n.js";
import { addLegend, COMPLAINT_COLOR, GAP_COLOR, SWEEP_COLOR } from "./shading.js";
import { label } from "./vocab.js";

words({
  "layers.title": ["图层与着色", "Layers and shading"],
  "layers.shading": ["网格着色", "Shade grid cells by"],
  "layers.shading.coverage": ["排查覆盖率", "Sweep coverage"],
  "layers.shading.occupied": ["违建占地率", "Share occupied"],
  "layers.from": ["排查起", "Swept from"],
  "layers.to": ["排查止", "Swept to"],
  "layers.sweeps": ["排查轨迹", "Sweeps"],
  "layers.complaints": ["投诉举报", "Complaints"],
  "layers.gaps": ["所选网格未排查区域", "Unswept part of the chosen cell"],
  "layers.gaps_none": ["该网格已全部排查", "This cell is fully swept"],
  "layers.gaps_pick": ["请点击一个网格", "Click a grid cell"],
  "sweep.title": ["排查 #{id}", "Sweep #{id}"],
});

const $ = (id) => document.getElementById(id);
const layers = { sweeps: null, complaints: null, gaps: null };
let legend = null;
let cell = null; // the grid cell last clicked, for its gaps

export function shading() { return $("shading").value; }

/* &from=…&to=… for the statistics and gaps, when a period is chosen. */
export function periodQuery() {
  let query = "";
  if ($("period-from").value) query += "&from=" + $("period-from").value;
  if ($("period-to").value) {
    // The input's day is inclusive; the API's `to` is exclusive.
    const end = new Date($("period-to").value + "T00:00:00Z");
    end.setUTCDate(end.getUTCDate() + 1);
    query += "&to=" + end.toISOString().slice(0, 10);
  }
  return query;
}

function shown() {
  return { sweeps: $("show-sweeps").checked, complaints: $("show-complaints").checked, gaps: $("show-gaps").checked };
}

export function init() {
  legend = addLegend(state.map);
  legend.update(shading(), shown());
  $("shading").addEventListener("change", () => {
    emit("reshade");
    legend.update(shading(), shown());
  });
  ["period-from", "period-to"].forEach((id) => $(id).addEventListener("change", () => {
    emit("changed");
    refresh();
  }));
  ["show-sweeps", "show-complaints", "show-gaps"].forEach((id) => $(id).addEventListener("change", () => {
    legend.update(shading(), shown());
    refresh();
  }));
  on("compound", () => { cell = null; refresh(); });
  // The compound's cells and footprints are drawn anew after a write: keep the points on top.
  on("loaded", () => { if (layers.complaints) layers.complaints.bringToFront(); });
  on("cell", (feature) => { cell = feature; if (shown().gaps) drawGaps(); });
}

function drop(name) {
  if (layers[name]) { state.map.removeLayer(layers[name]); layers[name] = null; }
}

function refresh() {
  const compound = state.compound;
  const want = shown();
  ["sweeps", "complaints", "gaps"].forEach(drop);
  if (!compound) return;
  if (want.sweeps) drawSweeps(compound.id);
  if (want.complaints) drawComplaints(compound.id);
  if (want.gaps) drawGaps();
}

function sweepQuery() {
  let query = "";
  if ($("period-from").value) query += "&swept_from=" + $("period-from").value;
  if ($("period-to").value) query += "&swept_to=" + $("period-to").value;
  return query;
}

async function drawSweeps(compoundId) {
  const fc = await get("/sweeps?limit=1000&compound_id=" + compoundId + sweepQuery());
  if (!state.compound || state.compound.id !== compoundId || !shown().sweeps) return;
  drop("sweeps");
  layers.sweeps = L.geoJSON(fc, {
    className: "wj-sweep",
    style: { color: SWEEP_COLOR, weight: 1, fillColor: SWEEP_COLOR, fillOpacity: 0.15 },
    onEachFeature: (f, layer) => {
      const p = f.properties;
      layer.bindPopup(`<div class="popup"><strong>${esc(t("sweep.title", { id: f.id }))}</strong><br>` +
        `${esc((p.inspectors || []).join("、"))}<br>${esc(when(p.started_at))} – ${esc(when(p.ended_at))}</div>`);
    },
  }).addTo(state.map);
  layers.sweeps.bringToBack();
}

async function drawComplaints(compoundId) {
  const fc = await get("/complaints?limit=1000&compound_id=" + compoundId);
  if (!state.compound || state.compound.id !== compoundId || !shown().complaints) return;
  drop("complaints");
  layers.complaints = L.geoJSON(fc, {
    pointToLayer: (f, latlng) => L.circleMarker(latlng, {
      radius: 7, color: "#fff", weight: 2, fillColor: COMPLAINT_COLOR, fillOpacity: 0.9, className: "wj-complaint",
    }),
    onEachFeature: (f, layer) => {
      const p = f.properties;
      layer.bindTooltip(`${esc(p.tracking_no)} · ${esc(label("complaint_status", p.status))}`);
      layer.on("click", (event) => { L.DomEvent.stopPropagation(event); emit("complaint", { id: f.id }); });
    },
  }).addTo(state.map);
  layers.complaints.eachLayer((layer) => {
    const element = layer.getElement();
    if (element) element.setAttribute("data-complaint-id", layer.feature.id);
  });
}

async function drawGaps() {
  drop("gaps");
  if (!cell) return;
  const id = cell.id;
  const feature = await get("/grids/" + id + "/gaps?" + periodQuery().replace(/^&/, ""));
  if (!cell || cell.id !== id || !shown().gaps) return;
  drop("gaps");
  if (!feature.geometry) {
    emit("notice", t("layers.gaps_none"));
    return;
  }
  layers.gaps = L.geoJSON(feature, {
    interactive: false,
    className: "wj-gap",
    style: { color: GAP_COLOR, weight: 1, fillColor: GAP_COLOR, fillOpacity: 0.45, dashArray: "2 3" },
  }).addTo(state.map);
}
