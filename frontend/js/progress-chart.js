/* The cumulative progress per community, month by month up to the chosen month: a
   Chart.js line chart (the global `Chart`, loaded as a classic script) of one figure
   of the monthly report — dealt with to date, demolished footprint to date or the
   progress ratio — with the same numbers in a table beside it. The months come from
   the monthly report, one request per month, in parallel; at most MONTHS of them, and
   the months before anything was registered in the communities shown are left out. */
import { el } from "./format.js";
import { t, words } from "./i18n.js";

words({
  "chart.title": ["累计治理进度（各社区逐月）", "Cumulative progress per community, month by month"],
  "chart.measure": ["指标", "Figure"],
  "chart.m.dealt": ["累计治理（宗）", "Dealt with to date (cases)"],
  "chart.m.footprint": ["累计拆除占地面积（㎡）", "Demolished footprint to date (m²)"],
  "chart.m.progress": ["累计进度（%）", "Progress to date (%)"],
  "chart.x": ["月份", "Month"],
  "chart.aria": ["折线图：{measure}，各社区，{from} 至 {to}。数据见下方表格。", "Line chart: {measure} per community, {from} to {to}. The figures are in the table below it."],
  "chart.data": ["图表数据", "The chart's figures"],
  "chart.community": ["社区", "Community"],
  "chart.total": ["合计", "Total"],
  "chart.loading": ["正在加载逐月数据（{n} 个月）…", "Loading {n} months…"],
  "chart.capped": ["最多显示 {n} 个月", "At most {n} months are shown"],
});

export const MONTHS = 18; // a campaign of the plan's length (18 months); one request per month shown
const MEASURES = {
  dealt: { key: "dealt.cumulative.total", label: "chart.m.dealt", digits: 0 },
  footprint: { key: "demolitions.cumulative.footprint_m2", label: "chart.m.footprint", digits: 2 },
  progress: { key: "progress_pct", label: "chart.m.progress", digits: 1, max: 100 },
};
const COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f"];
const DASHES = [[], [6, 3], [2, 2]];

let chart = null;
let series = null; // {months, reports} last drawn
let seq = 0;

const $ = (id) => document.getElementById(id);

function monthsUpTo(last, n) {
  const [y, m] = last.split("-").map(Number);
  return Array.from({ length: n }, (_, i) => {
    const k = y * 12 + (m - 1) - (n - 1 - i);
    return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, "0")}`;
  });
}

function figure(node, key) {
  return key.split(".").reduce((o, k) => (o === null || o === undefined ? undefined : o[k]), node);
}

export function create() {
  const select = el("select", { id: "chart-measure", onchange: () => { if (series) render(); } },
    Object.entries(MEASURES).map(([name, m]) => el("option", { value: name }, t(m.label))));
  return el("section", { id: "dash-progress", className: "dash-card" },
    el("h2", {}, t("chart.title")),
    el("div", { className: "dash-toolbar" },
      el("label", {}, el("span", {}, t("chart.measure")), select),
      el("span", { id: "chart-status", className: "dash-status", "aria-live": "polite" }),
      el("span", { className: "muted" }, t("chart.capped", { n: MONTHS }))),
    el("div", { className: "chart-box" }, el("canvas", { id: "progress-chart", role: "img" })),
    el("details", { className: "chart-data" }, el("summary", {}, t("chart.data")),
      el("div", { className: "dash-scroll" }, el("table", { id: "chart-table", className: "dash-table" }))));
}

export function reset() {
  seq += 1;
  series = null;
  if (chart) chart.destroy();
  chart = null;
}

let firstMonth = null; // the campaign's first recorded month: no month before it is drawn

export function startAt(month) { firstMonth = month || null; }

/* Draw the months up to `report`'s month; `fetchMonth(month)` gives a month's report. */
export async function draw(report, fetchMonth) {
  const mine = ++seq;
  const wanted = monthsUpTo(report.month, MONTHS).filter((m) => !firstMonth || m >= firstMonth || m === report.month);
  $("chart-status").textContent = t("chart.loading", { n: wanted.length });
  try {
    const fetched = await Promise.all(wanted.map((m) => (m === report.month ? report : fetchMonth(m))));
    if (mine !== seq) return;
    let first = fetched.findIndex((r) => r.total.found.cumulative.total > 0);
    if (first < 0) first = fetched.length - 1;
    series = { months: wanted.slice(first), reports: fetched.slice(first), communities: report.communities };
    render();
  } finally {
    if (mine === seq) $("chart-status").textContent = "";
  }
}

function valueOf(report, communityId, key) {
  const node = communityId === null ? report.total : report.communities.find((c) => c.community_id === communityId);
  const value = node ? figure(node, key) : null;
  return value === undefined ? null : value;
}

function render() {
  const measure = MEASURES[$("chart-measure").value] || MEASURES.dealt;
  const { months, reports, communities } = series;
  const unitLabel = t(measure.label);
  const datasets = communities.map((c, i) => ({
    label: c.name,
    communityId: c.community_id,
    data: reports.map((r) => valueOf(r, c.community_id, measure.key)),
    borderColor: COLORS[i % COLORS.length],
    backgroundColor: COLORS[i % COLORS.length],
    borderDash: DASHES[Math.floor(i / COLORS.length) % DASHES.length],
    tension: 0,
    spanGaps: false,
  }));
  const canvas = $("progress-chart");
  canvas.setAttribute("aria-label", t("chart.aria", { measure: unitLabel, from: months[0], to: months[months.length - 1] }));
  if (chart) chart.destroy();
  chart = new window.Chart(canvas, {
    type: "line",
    data: { labels: months, datasets },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false, // drawn at once: the figures, not a show
      interaction: { mode: "index", intersect: false },
      plugins: {
        legend: { position: "bottom" },
        tooltip: {
          callbacks: {
            label: (ctx) => `${ctx.dataset.label}: ${ctx.parsed.y === null ? "—" : ctx.parsed.y.toFixed(measure.digits)}`,
          },
        },
      },
      scales: {
        x: { title: { display: true, text: t("chart.x") } },
        y: {
          beginAtZero: true,
          grace: "5%",
          suggestedMax: measure.max,
          title: { display: true, text: unitLabel },
          ticks: measure.digits === 0 ? { precision: 0 } : {},
        },
      },
    },
  });
  renderTable(measure, months, reports, communities);
}

function renderTable(measure, months, reports, communities) {
  const cell = (v) => el("td", { className: "num" }, v === null ? "—" : Number(v).toFixed(measure.digits));
  const head = el("tr", {}, el("th", { scope: "col" }, t("chart.community")), months.map((m) => el("th", { scope: "col" }, m)));
  const rows = communities.map((c) => el("tr", { dataset: { communityId: c.community_id } },
    el("th", { scope: "row" }, c.name), reports.map((r, i) => {
      const td = cell(valueOf(r, c.community_id, measure.key));
      td.dataset.month = months[i];
      return td;
    })));
  const total = el("tr", { className: "total", dataset: { total: "1" } },
    el("th", { scope: "row" }, t("chart.total")), reports.map((r) => cell(valueOf(r, null, measure.key))));
  const table = $("chart-table");
  table.dataset.measure = measure.key;
  table.replaceChildren(el("caption", {}, t(measure.label)), el("thead", {}, head), el("tbody", {}, rows, total));
}
