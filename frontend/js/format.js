/* Small formatting helpers shared by the panels. */
import { lang } from "./i18n.js";

export function esc(value) {
  return String(value).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
}

export function num(value, digits = 1) {
  if (value === null || value === undefined || value === "") return "—";
  const n = Number(value);
  return Number.isFinite(n) ? n.toFixed(digits) : String(value);
}

let zoneName = "Asia/Shanghai"; // the campaign's time zone (WEIJIAN_TZ), from /public/map-config

export function setZone(name) {
  if (name) zoneName = name;
}

/* Wall-clock parts of a moment in the campaign's time zone: {date: YYYY-MM-DD, time: HH:MM:SS}. */
export function wallParts(moment) {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: zoneName, year: "numeric", month: "2-digit", day: "2-digit",
    hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23",
  }).formatToParts(moment);
  const get = (type) => (parts.find((p) => p.type === type) || {}).value;
  return { date: `${get("year")}-${get("month")}-${get("day")}`, time: `${get("hour")}:${get("minute")}:${get("second")}` };
}

/* Today, and this month, in the campaign's time zone: YYYY-MM-DD, YYYY-MM. */
export function today() { return wallParts(new Date()).date; }
export function currentMonth() { return today().slice(0, 7); }

/* A date-time from the API, shown in the campaign's time zone as YYYY-MM-DD HH:MM. */
export function when(value) {
  if (!value) return "—";
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  const p = wallParts(d);
  return `${p.date} ${p.time.slice(0, 5)}`;
}

export function yesNo(value) {
  if (value === true) return lang() === "en" ? "yes" : "是";
  if (value === false) return lang() === "en" ? "no" : "否";
  return value;
}

/* el("button", {className: "x", onclick: f}, "text", child…) */
export function el(tag, props, ...children) {
  const node = document.createElement(tag);
  Object.entries(props || {}).forEach(([key, value]) => {
    if (value === undefined || value === null || value === false) return;
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key in node && key !== "list") node[key] = value;
    else node.setAttribute(key, value === true ? "" : value);
  });
  children.flat().forEach((child) => {
    if (child === null || child === undefined || child === false) return;
    node.appendChild(typeof child === "string" || typeof child === "number" ? document.createTextNode(String(child)) : child);
  });
  return node;
}
