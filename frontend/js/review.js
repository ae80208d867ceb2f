/* Review by compound: choose community → compound; the compound's outline, its grid cells
   shaded, its violations coloured by status, and a sortable list of them. A row click
   zooms to the footprint and opens its record; so does a click on the footprint. */
import { get } from "./api.js";
import { emit, fromHash, on, state, toHash } from "./bus.js";
import { num } from "./format.js";
import { t, words } from "./i18n.js";
import { cellColor, violationStyle } from "./shading.js";
import { label, STATUS_COLORS, STATUSES } from "./vocab.js";
import * as overlays from "./overlays.js";
import * as places from "./places.js";

words({
  "pick.community": ["社区", "Community"],
  "pick.compound": ["小区", "Compound"],
  "pick.community.placeholder": ["— 请选择社区 —", "— choose a community —"],
  "pick.compound.placeholder": ["— 请选择小区 —", "— choose a compound —"],
  "list.id": ["编号", "No."],
  "list.status": ["状态", "Status"],
  "list.ledger": ["台账", "Ledger"],
  "list.area": ["面积(m²)", "Area (m²)"],
  "list.deadline": ["整改期限", "Deadline"],
  "list.overdue": ["（逾期）", " (overdue)"],
  "status.loading_communities": ["正在加载社区…", "Loading communities…"],
  "status.choose": ["请选择社区和小区", "Choose a community and a compound"],
  "status.no_communities": ["没有可查看的社区", "No community to see"],
  "status.loading_compounds": ["正在加载小区…", "Loading compounds…"],
  "status.choose_compound": ["请选择小区", "Choose a compound"],
  "status.no_compounds": ["该社区没有小区", "This community has no compounds"],
  "status.loading": ["正在加载网格和违建…", "Loading cells and violations…"],
  "status.loaded": ["网格 {cells} 个；违建 {n} 处", "{cells} grid cells; {n} violations"],
  "status.capped": ["（共 {matched} 处，仅显示前 {n} 处）", " (of {matched}; only the first {n} shown)"],
  "status.error": ["出错了：{detail}", "Something went wrong: {detail}"],
  "grid.title": ["网格 {name}", "Grid cell {name}"],
  "grid.code": ["网格编码", "Code"],
  "grid.area": ["面积(m²)", "Area (m²)"],
  "grid.coverage": ["排查覆盖率", "Sweep coverage"],
  "grid.sweeps": ["排查次数", "Sweeps"],
  "grid.last": ["最近排查", "Last swept"],
  "grid.standing": ["现存违建(处)", "Standing violations"],
  "grid.occupied": ["违建占地(m²)", "Occupied (m²)"],
  "grid.occupied_ratio": ["违建占地率", "Share occupied"],
});

const $ = (id) => document.getElementById(id);
const LIMIT = 2000;
const layers = { compound: null, grids: null, violations: null };
let byId = {}; // violation id → its Leaflet layer
let features = []; // the compound's violations, as listed
let compounds = {}; // id → Feature, of the chosen community
let selectedId = null;
let loadSeq = 0; // ignores answers to a compound no longer chosen
let sortKey = "id";
let sortDir = 1;

export function setStatus(text) { $("status-line").textContent = text; }
export function reportError(error) {
  if (error && error.status !== 401) setStatus(t("status.error", { detail: error.message }));
}

function fillSelect(select, placeholder, list) {
  select.innerHTML = "";
  select.appendChild(new Option(placeholder, ""));
  list.forEach((f) => {
    const p = f.properties || {};
    const text = (p.name || "") + (p.code ? "（" + p.code + "）" : "");
    select.appendChild(new Option(text || String(f.id), String(f.id)));
  });
}

export function init() {
  fillSelect($("community"), t("pick.community.placeholder"), []);
  fillSelect($("compound"), t("pick.compound.placeholder"), []);
  $("community").addEventListener("change", () => chooseCommunity($("community").value));
  $("compound").addEventListener("change", () => {
    const id = $("compound").value;
    toHash({ compound: id, violation: null });
    if (id) loadCompound(Number(id)); else clearCompound();
  });
  on("compound", (compound) => places.dimCompounds(Boolean(compound)));
  document.querySelectorAll("#violation-table th[data-sort]").forEach((th) => {
    th.addEventListener("click", () => {
      sortDir = sortKey === th.dataset.sort ? -sortDir : 1;
      sortKey = th.dataset.sort;
      renderList();
    });
  });
  overlays.init();
  on("login", loadCommunities);
  on("changed", () => { if (state.compound) loadCompound(state.compound.id, true); });
  on("select", (detail) => select(detail.id, detail.zoom));
  on("reshade", restyleGrids);
  on("notice", setStatus);
}

async function loadCommunities() {
  setStatus(t("status.loading_communities"));
  try {
    const fc = await get("/communities?limit=1000");
    state.communities = fc.features;
    fillSelect($("community"), t("pick.community.placeholder"), fc.features);
    setStatus(fc.features.length ? t("status.choose") : t("status.no_communities"));
    places.showCommunities(fc.features, pickCommunity);
    const wanted = fromHash();
    if (wanted.community && fc.features.some((f) => String(f.id) === wanted.community)) {
      $("community").value = wanted.community;
      await chooseCommunity(wanted.community, wanted.compound);
    } else if (fc.features.length === 1) {
      $("community").value = String(fc.features[0].id);
      await chooseCommunity(String(fc.features[0].id));
    }
  } catch (e) { reportError(e); }
}

function pickCommunity(id) {
  $("community").value = id;
  chooseCommunity(id);
}

function pickCompound(id) {
  $("compound").value = id;
  toHash({ compound: id, violation: null });
  loadCompound(Number(id));
}

async function chooseCommunity(id, thenCompound) {
  clearCompound();
  const select = $("compound");
  fillSelect(select, t("pick.compound.placeholder"), []);
  select.disabled = true;
  compounds = {};
  state.community = (state.communities || []).find((f) => String(f.id) === id) || null;
  toHash({ community: id, compound: thenCompound || null, violation: thenCompound ? fromHash().violation : null });
  emit("community", state.community);
  if (!id) {
    places.showCommunities(state.communities || [], pickCommunity);
    return;
  }
  setStatus(t("status.loading_compounds"));
  try {
    const fc = await get("/compounds?limit=1000&community_id=" + encodeURIComponent(id));
    if ($("community").value !== id) return;
    fc.features.forEach((f) => { compounds[f.id] = f; });
    fillSelect(select, t("pick.compound.placeholder"), fc.features);
    select.disabled = false;
    setStatus(fc.features.length ? t("status.choose_compound") : t("status.no_compounds"));
    places.showCommunity(state.community, fc.features, pickCompound);
    if (thenCompound && compounds[thenCompound]) {
      select.value = thenCompound;
      await loadCompound(Number(thenCompound));
    }
  } catch (e) { reportError(e); }
}

function clearCompound() {
  loadSeq += 1;
  Object.keys(layers).forEach((k) => {
    if (layers[k]) { state.map.removeLayer(layers[k]); layers[k] = null; }
  });
  byId = {};
  features = [];
  selectedId = null;
  state.compound = null;
  $("violation-list").innerHTML = "";
  $("violation-table").hidden = true;
  emit("compound", null);
}

/* Load (or, after a write, reload in place) the compound's cells and violations. */
export async function loadCompound(id, keepView) {
  const keep = keepView ? selectedId : null;
  const seq = ++loadSeq;
  const compound = compounds[id];
  if (!keepView) {
    clearCompound();
    loadSeq = seq;
  }
  state.compound = compound || { id, properties: {} };
  if (!keepView) emit("compound", state.compound);
  if (compound && !keepView) {
    layers.compound = L.geoJSON(compound, {
      interactive: false,
      className: "wj-compound",
      style: { color: "#d84315", weight: 3, fill: false, dashArray: "6 4" },
    }).addTo(state.map);
    state.map.fitBounds(layers.compound.getBounds(), { padding: [20, 20], animate: false });
  }
  setStatus(t("status.loading"));
  try {
    const [grids, violations] = await Promise.all([
      get("/stats/grids?f=geojson&compound_id=" + id + overlays.periodQuery()),
      get("/violations?limit=" + LIMIT + "&compound_id=" + id),
    ]);
    if (seq !== loadSeq) return;
    ["grids", "violations"].forEach((k) => { if (layers[k]) { state.map.removeLayer(layers[k]); layers[k] = null; } });
    drawGrids(grids);
    drawViolations(violations);
    if (layers.compound) layers.compound.bringToFront();
    layers.violations.bringToFront();
    const n = violations.features.length;
    const matched = violations.numberMatched;
    setStatus(t("status.loaded", { cells: grids.features.length, n }) +
      (matched > n ? t("status.capped", { matched, n }) : ""));
    const wanted = keep || Number(fromHash().violation) || null;
    if (wanted && byId[wanted]) select(wanted, !keep, Boolean(keep));
    emit("loaded", { compoundId: id });
  } catch (e) { reportError(e); }
}

function gridPopup(f) {
  const p = f.properties;
  const rows = [
    [t("grid.code"), p.code],
    [t("grid.area"), num(p.area_m2)],
    [t("grid.coverage"), p.coverage_ratio == null ? t("legend.no_data") : (Number(p.coverage_ratio) * 100).toFixed(1) + "%"],
    [t("grid.sweeps"), p.sweeps],
    [t("grid.last"), p.last_swept_at || "—"],
    [t("grid.standing"), p.violations_standing],
    [t("grid.occupied"), num(p.occupied_m2)],
    [t("grid.occupied_ratio"), p.occupied_ratio == null ? "—" : (Number(p.occupied_ratio) * 100).toFixed(2) + "%"],
  ];
  const div = document.createElement("div");
  div.className = "popup";
  const title = document.createElement("strong");
  title.textContent = t("grid.title", { name: p.name || p.code || f.id });
  const table = document.createElement("table");
  rows.forEach(([k, v]) => {
    const tr = table.insertRow();
    const th = document.createElement("th");
    th.textContent = k;
    tr.appendChild(th);
    tr.insertCell().textContent = v === null || v === undefined ? "—" : String(v);
  });
  div.append(title, table);
  return div;
}

function drawGrids(fc) {
  layers.grids = L.geoJSON(fc, {
    className: "wj-grid",
    style: (f) => ({ color: "#607d8b", weight: 1, fillColor: cellColor(overlays.shading(), f.properties), fillOpacity: 0.6 }),
    onEachFeature: (f, layer) => {
      layer.bindPopup(() => gridPopup(f));
      layer.on("click", () => emit("cell", f));
    },
  }).addTo(state.map);
  layers.grids.getLayers().forEach((l) => l.getElement() && l.getElement().setAttribute("data-grid-id", l.feature.id));
  if (!layers.compound && fc.features.length && !state.map.getBounds().intersects(layers.grids.getBounds())) {
    state.map.fitBounds(layers.grids.getBounds(), { padding: [20, 20] });
  }
}

function restyleGrids() {
  if (!layers.grids) return;
  layers.grids.setStyle((f) => ({ fillColor: cellColor(overlays.shading(), f.properties) }));
}

function drawViolations(fc) {
  byId = {};
  features = fc.features;
  layers.violations = L.geoJSON(fc, {
    className: "wj-violation",
    style: (f) => violationStyle(f.properties, false),
    onEachFeature: (f, layer) => {
      byId[f.id] = layer;
      layer.on("click", (event) => { L.DomEvent.stopPropagation(event); select(f.id, false); });
    },
  }).addTo(state.map);
  Object.values(byId).forEach((layer) => {
    const element = layer.getElement();
    if (element) {
      element.setAttribute("data-violation-id", layer.feature.id);
      element.setAttribute("data-status", layer.feature.properties.status);
      if (layer.feature.properties.ledger === "new") element.classList.add("wj-new");
    }
  });
  renderList();
}

function sortValue(f) {
  const p = f.properties;
  switch (sortKey) {
    case "status": return STATUSES.indexOf(p.status);
    case "ledger": return p.ledger || "";
    case "area": return Number(p.measured_area_m2 != null ? p.measured_area_m2 : p.mapped_area_m2) || 0;
    case "deadline": return p.deadline || "9999";
    default: return Number(f.id);
  }
}

function renderList() {
  const tbody = $("violation-list");
  tbody.innerHTML = "";
  const sorted = features.slice().sort((a, b) => {
    const x = sortValue(a);
    const y = sortValue(b);
    return (x < y ? -1 : x > y ? 1 : Number(a.id) - Number(b.id)) * sortDir;
  });
  document.querySelectorAll("#violation-table th[data-sort]").forEach((th) => {
    th.classList.toggle("sorted", th.dataset.sort === sortKey);
    th.dataset.dir = th.dataset.sort === sortKey ? (sortDir > 0 ? "asc" : "desc") : "";
  });
  sorted.forEach((f) => {
    const p = f.properties;
    const tr = tbody.insertRow();
    tr.dataset.id = f.id;
    tr.dataset.status = p.status;
    if (f.id === selectedId) tr.classList.add("selected");
    tr.insertCell().textContent = String(f.id) + (p.ledger === "new" ? " ★" : "");
    const status = tr.insertCell();
    const sw = document.createElement("span");
    sw.className = "swatch";
    sw.style.background = STATUS_COLORS[p.status] || "#000";
    status.append(sw, document.createTextNode(label("status", p.status)));
    tr.insertCell().textContent = label("ledger", p.ledger) || "—";
    const area = tr.insertCell();
    area.className = "num";
    area.textContent = num(p.measured_area_m2 != null ? p.measured_area_m2 : p.mapped_area_m2);
    const deadline = tr.insertCell();
    if (p.overdue) deadline.className = "overdue";
    deadline.textContent = (p.deadline || "—") + (p.overdue ? t("list.overdue") : "");
    tr.addEventListener("click", () => select(f.id, true));
  });
  $("violation-table").hidden = features.length === 0;
}

/* Highlight a violation, on the map and in the list, and open its record (unless quiet:
   after a reload, the record panel refreshes itself). */
export function select(id, zoom, quiet) {
  if (selectedId !== null && byId[selectedId]) {
    const old = byId[selectedId];
    old.setStyle(violationStyle(old.feature.properties, false));
  }
  selectedId = id;
  toHash({ violation: id });
  Array.prototype.forEach.call($("violation-list").children, (tr) => {
    const on = tr.dataset.id === String(id);
    tr.classList.toggle("selected", on);
    if (on && !zoom) tr.scrollIntoView({ block: "nearest" });
  });
  const layer = byId[id];
  // The record panel first: it narrows the map, and the zoom is for the narrowed map.
  if (!quiet) emit("record", { id, layer: layer || null });
  if (layer) {
    layer.setStyle(violationStyle(layer.feature.properties, true));
    layer.bringToFront();
    if (zoom) {
      // With room around it: the footprint among its neighbours, not alone on the screen.
      state.map.fitBounds(layer.getBounds().pad(2), {
        maxZoom: 19, paddingTopLeft: [40, 40], paddingBottomRight: [40, 40 + hiddenBelow()], animate: false,
      });
    }
  }
}

/* How much of the map a sheet over it (the record panel on a phone) hides, in pixels. */
function hiddenBelow() {
  const sheet = $("record");
  if (sheet.hidden || getComputedStyle(sheet).position !== "fixed") return 0;
  const mapBox = $("map").getBoundingClientRect();
  return Math.max(0, Math.min(mapBox.height - 80, mapBox.bottom - sheet.getBoundingClientRect().top));
}

export function layerOf(id) { return byId[id] || null; }
export function clearSelection() {
  if (selectedId !== null && byId[selectedId]) {
    byId[selectedId].setStyle(violationStyle(byId[selectedId].feature.properties, false));
  }
  selectedId = null;
  toHash({ violation: null });
  Array.prototype.forEach.call($("violation-list").children, (tr) => tr.classList.remove("selected"));
}
