/* 统计报表 — the dashboard: the monthly report (月报) of a chosen month as a table per
   community with the 合计 row and its Excel sheet to download, the cumulative progress
   per community month by month (progress-chart.js), and the write-off queue
   (writeoffs.js). Nothing is fetched until the dashboard is shown; a month that has
   ended is kept once fetched (its figures are replayed from the history as at month
   end and never change), the running month is fetched again after a change. */
import { download, get } from "./api.js";
import { fromHash, on, state, toHash } from "./bus.js";
import { currentMonth, el, when } from "./format.js";
import { lang, t, words } from "./i18n.js";
import * as progress from "./progress-chart.js";
import * as writeoffs from "./writeoffs.js";

words({
  "dash.month": ["月份", "Month"],
  "dash.prev": ["上月", "Previous month"],
  "dash.next": ["下月", "Next month"],
  "dash.xlsx": ["下载 Excel 月报", "Download the Excel sheet"],
  "dash.xlsx_done": ["已下载：{name}", "Downloaded: {name}"],
  "dash.loading": ["正在加载 {month} 月报…", "Loading the report of {month}…"],
  "dash.bad_month": ["请按 YYYY-MM 填写月份，例如 2019-10", "Write the month as YYYY-MM, e.g. 2019-10"],
  "dash.error": ["出错了：{detail}", "Something went wrong: {detail}"],
  "dash.month_label": ["{y}年{m}月", "{y}-{mm}"],
  "dash.title": ["{street}违法建设专项治理工作进度月报（{month}）", "{street}: monthly progress report on illegal construction ({month})"],
  "dash.as_of": ["统计截止：{day}（月末数据，依历史记录还原）", "As recorded at the end of the month ({day})"],
  "dash.running": ["本月尚未结束：数据截至 {at}", "The month is not over: figures as of {at}"],
  "dash.none": ["没有可查看的社区", "No community to see"],
  "dash.no": ["序号", "No."],
  "dash.community": ["社区", "Community"],
  "dash.total": ["合计", "Total"],
  "dash.table": ["各社区月报数据", "The report's figures per community"],
  "dash.g.found_month": ["本月发现（宗）", "Found this month"],
  "dash.g.found_cumulative": ["累计发现（宗）", "Found to date"],
  "dash.g.dealt_month": ["本月治理（宗）", "Dealt with this month"],
  "dash.g.dealt_cumulative": ["累计治理（宗）", "Dealt with to date"],
  "dash.g.area_month": ["本月拆除面积（㎡）", "Demolished this month (m²)"],
  "dash.g.area_cumulative": ["累计拆除面积（㎡）", "Demolished to date (m²)"],
  "dash.g.dismissed": ["不属违建（宗）", "Not violations"],
  "dash.g.written_off": ["销账（宗）", "Written off"],
  "dash.c.stock_ministry": ["住建部存量台账", "Ministry ledger"],
  "dash.c.stock_survey5": ["五次调查新增存量", "5th survey stock"],
  "dash.c.stock_missed": ["漏报存量", "Missed stock"],
  "dash.c.new": ["新增", "New"],
  "dash.c.total": ["小计", "Subtotal"],
  "dash.c.demolished": ["拆除", "Demolished"],
  "dash.c.rectified": ["整改", "Rectified"],
  "dash.c.footprint": ["占地面积", "Footprint"],
  "dash.c.floor_area": ["建筑面积", "Floor area"],
  "dash.c.month": ["本月", "This month"],
  "dash.c.cumulative": ["累计", "To date"],
  "dash.c.standing": ["未治理（宗）", "Standing"],
  "dash.c.overdue": ["逾期未治理（宗）", "Overdue"],
  "dash.c.stop_overdue": ["新增未及时制止（宗）", "New, not stopped in time"],
  "dash.c.progress_pct": ["累计进度（%）", "Progress (%)"],
});

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const LEDGERS = ["stock_ministry", "stock_survey5", "stock_missed", "new", "total"];
const PERIODS = ["month", "cumulative"];
/* The columns, as on the Excel sheet: [group heading or null, [[heading, figure key]]]. */
export const GROUPS = [
  ...PERIODS.map((p) => ["dash.g.found_" + p, LEDGERS.map((k) => ["dash.c." + k, `found.${p}.${k}`])]),
  ...PERIODS.map((p) => ["dash.g.dealt_" + p, ["demolished", "rectified", "total"].map((k) => ["dash.c." + k, `dealt.${p}.${k}`])]),
  ...PERIODS.map((p) => ["dash.g.area_" + p, [["dash.c.footprint", `demolitions.${p}.footprint_m2`], ["dash.c.floor_area", `demolitions.${p}.floor_area_m2`]]]),
  ...["dismissed", "written_off"].map((g) => ["dash.g." + g, PERIODS.map((p) => ["dash.c." + p, `${g}.${p}`])]),
  ...["standing", "overdue", "stop_overdue", "progress_pct"].map((k) => [null, [["dash.c." + k, k]]]),
];

const reports = new Map(); // month → its report, for months that have ended
let built = null; // the promise of the view, built once its months are known
let visible = false;
let month = null; // the month chosen
let shown = null; // the report on screen
let stale = { report: true, queue: true };
let seq = 0;

const $ = (id) => document.getElementById(id);

export function init() {
  on("view", (name) => {
    visible = name === "dashboard";
    toHash({ view: visible ? "dashboard" : null });
    if (visible) show();
  });
  on("login", () => { reset(); });
  on("logout", () => { reset(); visible = false; });
  on("changed", (detail) => {
    // A decision taken in the queue has already redrawn its row.
    if (!(detail && detail.source === "writeoffs")) stale.queue = true;
    if (!shown || !shown.complete) stale.report = true;
    if (visible) refresh();
  });
}

function reset() {
  reports.clear();
  built = null;
  shown = null;
  stale = { report: true, queue: true };
  seq += 1;
  progress.reset();
  $("dashboard-view").replaceChildren();
}

export function shiftMonth(value, by) {
  const [y, m] = value.split("-").map(Number);
  const n = y * 12 + (m - 1) + by;
  return `${Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, "0")}`;
}

export function monthLabel(value) {
  const [y, m] = value.split("-");
  return t("dash.month_label", { y, m: Number(m), mm: m });
}

/* A month's report: from memory when the month has ended and was fetched before. */
export async function monthlyReport(value) {
  if (reports.has(value)) return reports.get(value);
  const report = await get("/reports/monthly?month=" + encodeURIComponent(value));
  if (report.complete) reports.set(value, report);
  return report;
}

/* The months to offer: from the campaign's first recorded month to this one. By default
   the latest month that has ended — but not after the last month anything was recorded
   in (a campaign long over opens on its last month, not on an empty one). */
function defaultMonth(bounds, current) {
  let chosen = shiftMonth(current, -1);
  if (bounds.last && bounds.last < chosen) chosen = bounds.last;
  if (bounds.first && chosen < bounds.first) chosen = bounds.first;
  return chosen;
}

function build(bounds) {
  const current = currentMonth();
  const first = bounds.first || "2000-01";
  const wanted = fromHash().month;
  month = wanted && MONTH.test(wanted) && wanted <= current && wanted >= first ? wanted : defaultMonth(bounds, current);
  progress.startAt(bounds.first);
  const input = el("input", { type: "month", id: "dash-month", value: month, min: bounds.first || undefined, max: current, required: true, onchange: () => choose(input.value) });
  const step = (by, key, text) => el("button", {
    type: "button", className: "action secondary", title: t(key), "aria-label": t(key),
    onclick: () => {
      const next = shiftMonth(month, by);
      if (next <= currentMonth() && next >= first) { input.value = next; choose(next); }
    },
  }, text);
  const xlsx = el("button", { type: "button", id: "dash-xlsx", className: "action", onclick: () => saveXlsx(xlsx) }, t("dash.xlsx"));
  $("dashboard-view").replaceChildren(
    el("div", { className: "dash-toolbar" },
      el("label", {}, el("span", {}, t("dash.month")), input),
      step(-1, "dash.prev", "‹"), step(1, "dash.next", "›"),
      xlsx,
      el("span", { id: "dash-status", className: "dash-status", "aria-live": "polite" })),
    el("p", { id: "dash-error", className: "error", role: "alert", hidden: true }),
    el("section", { id: "dash-report", className: "dash-card" },
      el("h2", { id: "dash-title" }), el("p", { id: "dash-asof", className: "dash-asof" }),
      el("div", { className: "dash-scroll" }, el("table", { id: "dash-table", className: "dash-table", "aria-labelledby": "dash-title" }))),
    progress.create(),
    writeoffs.create());
}

async function show() {
  if (!built) {
    built = (async () => {
      let bounds = { first: null, last: null };
      try { bounds = await get("/reports/monthly/months"); } catch (e) { /* any month may still be chosen */ }
      build(bounds);
    })();
  }
  const mine = built;
  await mine;
  if (built === mine) refresh();
}

function refresh() {
  if (stale.report || !shown || shown.month !== month) loadMonth();
  if (stale.queue) { stale.queue = false; writeoffs.load(); }
}

function choose(value) {
  if (!MONTH.test(value || "")) { showError(t("dash.bad_month")); return; }
  month = value;
  toHash({ month: value });
  loadMonth();
}

function showError(message) {
  const box = $("dash-error");
  if (!box) return;
  box.textContent = message ? t("dash.error", { detail: message }) : "";
  box.hidden = !message;
}

async function loadMonth() {
  const mine = ++seq;
  const value = month;
  stale.report = false;
  showError("");
  $("dash-status").textContent = t("dash.loading", { month: monthLabel(value) });
  try {
    const report = await monthlyReport(value);
    if (mine !== seq) return;
    shown = report;
    renderReport(report);
    $("dash-status").textContent = "";
    await progress.draw(report, monthlyReport);
  } catch (e) {
    if (mine !== seq || e.status === 401) return;
    $("dash-status").textContent = "";
    showError(e.message);
  }
}

export function figure(node, key) {
  return key.split(".").reduce((o, k) => (o === null || o === undefined ? undefined : o[k]), node);
}

/* A figure as the JSON has it: counts whole, areas with 2 decimals, progress with 1. */
export function shownValue(key, value) {
  if (value === null || value === undefined) return "—";
  if (key.endsWith("_m2")) return Number(value).toFixed(2);
  if (key === "progress_pct") return Number(value).toFixed(1);
  return String(value);
}

function lastDay(value) {
  const [y, m] = value.split("-").map(Number);
  const day = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return lang() === "en" ? `${value}-${String(day).padStart(2, "0")}` : `${y}年${m}月${day}日`;
}

function renderReport(report) {
  const street = (state.config && state.config.street_name) || "";
  $("dash-title").textContent = t("dash.title", { street, month: monthLabel(report.month) });
  $("dash-asof").textContent = report.complete
    ? t("dash.as_of", { day: lastDay(report.month) })
    : t("dash.running", { at: when(report.generated_at) });
  const table = $("dash-table");
  table.dataset.month = report.month;
  const top = el("tr", {}, el("th", { rowSpan: 2, scope: "col" }, t("dash.no")), el("th", { rowSpan: 2, scope: "col" }, t("dash.community")));
  const bottom = el("tr");
  GROUPS.forEach(([group, columns]) => {
    if (group === null) {
      top.appendChild(el("th", { rowSpan: 2, scope: "col", dataset: { key: columns[0][1] } }, t(columns[0][0])));
      return;
    }
    top.appendChild(el("th", { colSpan: columns.length, scope: "colgroup" }, t(group)));
    columns.forEach(([heading, key]) => bottom.appendChild(el("th", { scope: "col", dataset: { key } }, t(heading))));
  });
  const row = (cells, node, attrs) => el("tr", attrs, ...cells,
    ...GROUPS.flatMap(([, columns]) => columns.map(([, key]) =>
      el("td", { className: "num", dataset: { key } }, shownValue(key, figure(node, key))))));
  const body = el("tbody", {}, report.communities.map((c, i) =>
    row([el("td", { className: "num" }, String(i + 1)), el("th", { scope: "row" }, c.name)], c, { dataset: { communityId: c.community_id, code: c.code } })));
  if (!report.communities.length) {
    body.appendChild(el("tr", {}, el("td", { colSpan: 2 + GROUPS.reduce((n, [, cols]) => n + cols.length, 0), className: "muted" }, t("dash.none"))));
  }
  const foot = el("tfoot", {}, row([el("th", { colSpan: 2, scope: "row" }, t("dash.total"))], report.total, { className: "total", dataset: { total: "1" } }));
  table.replaceChildren(el("thead", {}, top, bottom), body, foot);
}

async function saveXlsx(button) {
  button.disabled = true;
  showError("");
  try {
    const name = await download(`/reports/monthly?month=${encodeURIComponent(month)}&format=xlsx`, `monthly-report-${month}.xlsx`);
    $("dash-status").textContent = t("dash.xlsx_done", { name });
  } catch (e) {
    if (e.status !== 401) showError(e.message);
  } finally {
    button.disabled = false;
  }
}
