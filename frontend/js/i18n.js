/* Languages: Chinese by default, English on request (remembered in localStorage).
   Each module registers its own strings with `words({key: ["中文", "English"]})`; `t(key)`
   gives the text in the chosen language, with {name} placeholders filled from `vars`.
   Elements carrying data-i18n (text), data-i18n-placeholder, data-i18n-title or
   data-i18n-aria-label are translated by `translate(root)`. */

const KEY = "weijian.lang";
const LANGS = ["zh", "en"];
const dictionary = {};

export function lang() {
  const chosen = localStorage.getItem(KEY);
  return LANGS.includes(chosen) ? chosen : "zh";
}

export function setLang(value) {
  localStorage.setItem(KEY, LANGS.includes(value) ? value : "zh");
}

export function words(entries) {
  Object.assign(dictionary, entries);
}

export function t(key, vars) {
  const entry = dictionary[key];
  let text = entry ? entry[lang() === "en" ? 1 : 0] : key;
  if (vars) {
    Object.keys(vars).forEach((name) => {
      text = text.split("{" + name + "}").join(String(vars[name]));
    });
  }
  return text;
}

const ATTRIBUTES = { i18nPlaceholder: "placeholder", i18nTitle: "title", i18nAriaLabel: "aria-label" };

export function translate(root) {
  const scope = root || document;
  scope.querySelectorAll("[data-i18n]").forEach((el) => { el.textContent = t(el.dataset.i18n); });
  Object.keys(ATTRIBUTES).forEach((data) => {
    const selector = "[data-" + data.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase()) + "]";
    scope.querySelectorAll(selector).forEach((el) => el.setAttribute(ATTRIBUTES[data], t(el.dataset[data])));
  });
  if (scope === document) document.documentElement.lang = lang() === "en" ? "en" : "zh-CN";
}

/* The language switch: a button naming the other language; the page reloads in it (what
   the page shows is kept in its address, so it survives the reload). */
export function languageSwitch(button) {
  button.textContent = lang() === "en" ? "中文" : "English";
  button.setAttribute("lang", lang() === "en" ? "zh-CN" : "en");
  button.addEventListener("click", () => {
    setLang(lang() === "en" ? "zh" : "en");
    location.reload();
  });
}
