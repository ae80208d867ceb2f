/* How the map draws what it shows: status colours of violations (new construction marked),
   the two shadings of grid cells (sweep coverage over a period, or the share occupied by
   standing violations), and the legend that explains every one of them. */
import { t, words } from "./i18n.js";
import { label, STATUS_COLORS, STATUSES } from "./vocab.js";

words({
  "legend.title": ["图例", "Legend"],
  "legend.status": ["违建状态", "Violation status"],
  "legend.new": ["新增违建（虚线）", "New construction (dashed)"],
  "legend.coverage": ["网格排查覆盖率", "Grid cells: sweep coverage"],
  "legend.occupied": ["网格违建占地率", "Grid cells: share occupied"],
  "legend.no_data": ["无数据", "no data"],
  "legend.none": ["无违建", "none"],
  "legend.sweep": ["排查轨迹", "Sweep"],
  "legend.complaint": ["投诉举报", "Complaint"],
  "legend.gap": ["未排查区域", "Not swept"],
});

export const COVERAGE = [
  { upTo: 0.25, label: "< 25%", color: "#deebf7" },
  { upTo: 0.5, label: "25% – 50%", color: "#9ecae1" },
  { upTo: 0.75, label: "50% – 75%", color: "#4292c6" },
  { upTo: Infinity, label: "≥ 75%", color: "#08519c" },
];
export const OCCUPIED = [
  { upTo: 0.02, label: "< 2%", color: "#fee5d9" },
  { upTo: 0.05, label: "2% – 5%", color: "#fcae91" },
  { upTo: 0.1, label: "5% – 10%", color: "#fb6a4a" },
  { upTo: Infinity, label: "≥ 10%", color: "#cb181d" },
];
const NO_DATA = "#ffffff";
export const SWEEP_COLOR = "#1e88e5";
export const COMPLAINT_COLOR = "#6a1b9a";
export const GAP_COLOR = "#ff6f00";

function classify(classes, ratio) {
  const r = Number(ratio);
  return (classes.find((c) => r < c.upTo) || classes[classes.length - 1]).color;
}

/* The fill of a grid cell for the chosen shading ("coverage" or "occupied"). */
export function cellColor(mode, properties) {
  if (mode === "occupied") {
    const ratio = properties.occupied_ratio;
    if (ratio === null || ratio === undefined) return NO_DATA;
    return Number(ratio) === 0 ? NO_DATA : classify(OCCUPIED, ratio);
  }
  const ratio = properties.coverage_ratio;
  if (ratio === null || ratio === undefined) return NO_DATA;
  return classify(COVERAGE, ratio);
}

export function violationStyle(properties, selected) {
  const isNew = properties.ledger === "new";
  return {
    color: selected ? "#00e5ff" : isNew ? "#b71c1c" : "#333",
    weight: selected ? 4 : isNew ? 2.5 : 1,
    dashArray: isNew && !selected ? "5 3" : null,
    fillColor: STATUS_COLORS[properties.status] || "#000",
    fillOpacity: 0.85,
  };
}

function swatch(color, extra) {
  return `<span class="swatch${extra ? " " + extra : ""}" style="background:${color}"></span>`;
}

/* The legend's HTML for what is on the map now. */
export function legendHtml(mode, shown) {
  let html = `<h4>${t("legend.status")}</h4><div class="items">`;
  STATUSES.forEach((s) => {
    html += `<div data-status="${s}">${swatch(STATUS_COLORS[s])}${label("status", s)}</div>`;
  });
  html += `<div>${swatch("transparent", "dashed")}${t("legend.new")}</div></div>`;
  const classes = mode === "occupied" ? OCCUPIED : COVERAGE;
  html += `<h4 data-shading="${mode}">${t(mode === "occupied" ? "legend.occupied" : "legend.coverage")}</h4><div class="items">`;
  if (mode === "occupied") html += `<div>${swatch(NO_DATA)}${t("legend.none")}</div>`;
  classes.forEach((c) => { html += `<div>${swatch(c.color)}${c.label}</div>`; });
  if (mode !== "occupied") html += `<div>${swatch(NO_DATA)}${t("legend.no_data")}</div>`;
  html += "</div>";
  const extras = [];
  if (shown.sweeps) extras.push(`<div>${swatch(SWEEP_COLOR)}${t("legend.sweep")}</div>`);
  if (shown.complaints) extras.push(`<div>${swatch(COMPLAINT_COLOR, "round")}${t("legend.complaint")}</div>`);
  if (shown.gaps) extras.push(`<div>${swatch(GAP_COLOR)}${t("legend.gap")}</div>`);
  if (extras.length) html += `<div class="items">${extras.join("")}</div>`;
  return html;
}

/* The legend control; `update(mode, shown)` redraws its body. Folded at first on a phone. */
export function addLegend(map) {
  const control = L.control({ position: "bottomright" });
  let body = null;
  control.onAdd = () => {
    const div = L.DomUtil.create("div", "legend");
    div.id = "legend";
    div.innerHTML = `<button type="button" class="legend-toggle" aria-expanded="true">${t("legend.title")}</button><div class="legend-body"></div>`;
    body = div.querySelector(".legend-body");
    const toggle = div.querySelector(".legend-toggle");
    const fold = (folded) => {
      div.classList.toggle("folded", folded);
      toggle.setAttribute("aria-expanded", String(!folded));
    };
    fold(window.matchMedia("(max-width: 700px)").matches);
    toggle.addEventListener("click", () => fold(!div.classList.contains("folded")));
    L.DomEvent.disableClickPropagation(div);
    L.DomEvent.disableScrollPropagation(div);
    return div;
  };
  control.addTo(map);
  control.update = (mode, shown) => { body.innerHTML = legendHtml(mode, shown || {}); };
  return control;
}
