/* A record's history as a timeline, newest first: when, who, what (`describe(event)`),
   why, and for corrections the fields changed ({field: [old, new]}). */
import { el, when } from "./format.js";
import { t, words } from "./i18n.js";

words({
  "record.no_history": ["暂无记录", "No events"],
});

function diffText(diff) {
  if (!diff || typeof diff !== "object") return "";
  return Object.entries(diff)
    .map(([field, change]) => {
      const [before, after] = Array.isArray(change) ? change : [null, change];
      const show = (v) => (v === null || v === undefined ? "—" : typeof v === "object" ? "…" : String(v));
      return `${t("f." + field) !== "f." + field ? t("f." + field) : field}: ${show(before)} → ${show(after)}`;
    })
    .join("；");
}

export function timeline(events, describe) {
  if (!events.length) return el("p", { className: "muted" }, t("record.no_history"));
  const list = el("ol", { className: "timeline" });
  events.slice().reverse().forEach((e) => {
    list.appendChild(el("li", { dataset: { kind: e.kind } },
      el("div", { className: "when" }, when(e.at), " · ", e.actor || ""),
      el("div", { className: "what" }, describe(e)),
      e.reason ? el("div", { className: "why" }, e.reason) : null,
      e.kind === "updated" || e.kind === "ledger_changed" ? el("div", { className: "diff" }, diffText(e.diff)) : null));
  });
  return list;
}
