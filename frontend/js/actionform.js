/* A record panel's action: a button that opens a small form under it; submitting runs
   the action with the form's values, shows a refusal in the service's own words, and
   calls `done` on success. Shared by the violation and complaint panels. */
import { el } from "./format.js";
import { t, words } from "./i18n.js";

words({
  "move.submit": ["确定", "Confirm"],
  "move.cancel": ["取消", "Cancel"],
  "move.saving": ["正在保存…", "Saving…"],
});

export function field(labelKey, input) {
  return el("label", {}, el("span", {}, t(labelKey)), input);
}

/* A button that opens its form; `run(FormData)` does the work. */
export function action(key, text, fields, run, done, extraClass) {
  const error = el("p", { className: "error", role: "alert", hidden: true });
  const form = el("form", { className: "move-form", hidden: true, dataset: { action: key } }, fields,
    error,
    el("div", { className: "buttons" },
      el("button", { type: "submit", className: "action" }, t("move.submit")),
      el("button", { type: "button", className: "action secondary", onclick: () => { form.hidden = true; } }, t("move.cancel"))));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.hidden = true;
    const submit = form.querySelector("button[type=submit]");
    submit.disabled = true;
    submit.textContent = t("move.saving");
    try {
      await run(new FormData(form));
      done();
    } catch (e) {
      error.textContent = e.message;
      error.hidden = false;
      submit.disabled = false;
      submit.textContent = t("move.submit");
    }
  });
  const button = el("button", {
    type: "button", className: "action" + (extraClass ? " " + extraClass : ""), dataset: { action: key },
    onclick: () => {
      form.closest(".actions").querySelectorAll("form.move-form").forEach((f) => { if (f !== form) f.hidden = true; });
      form.hidden = !form.hidden;
    },
  }, text);
  return [button, form];
}

