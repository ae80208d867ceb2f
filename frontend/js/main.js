/* 违建治理地图 — the map app's start: the base map configuration, the login, the role,
   the language switch and the two views (map, dashboard). Each part of the app is a
   module with an `init()` run once after the first login; they talk through bus.js. */
import { request, setToken, token, whenUnauthorized, problemText } from "./api.js";
import { createMap } from "./basemap.js";
import { state, emit } from "./bus.js";
import { el, setZone } from "./format.js";
import { languageSwitch, t, translate, words } from "./i18n.js";
import * as review from "./review.js";
import * as record from "./record.js";
import * as complaintPanel from "./complaint-panel.js";
import * as dashboard from "./dashboard.js";
import * as draw from "./draw.js";
import * as sweepDraw from "./sweep-draw.js";
import * as overview from "./overview.js";

words({
  "app.title": ["违建治理空间台账", "Illegal construction inventory"],
  "app.logout": ["退出登录", "Log out"],
  "app.map": ["地图", "Map"],
  "app.user": ["当前用户：{name}（{role}）", "{name} ({role})"],
  "role.admin": ["街道管理员", "street office"],
  "role.inspector": ["社区网格员", "community inspector"],
  "role.viewer": ["只读", "read only"],
  "tab.map": ["地图", "Map"],
  "tab.dashboard": ["统计报表", "Dashboard"],
  "login.title": ["登录", "Log in"],
  "login.username": ["用户名", "User name"],
  "login.password": ["密码", "Password"],
  "login.submit": ["登录", "Log in"],
  "login.public": ["我要举报违法建设", "Report illegal construction"],
  "login.docs": ["接口文档", "API documentation"],
  "login.wrong": ["用户名或密码错误", "Wrong user name or password"],
  "login.expired": ["登录已过期，请重新登录", "Your session ended: please log in again"],
  "login.slow": ["尝试次数过多，请稍后再试：{detail}", "Too many attempts, try again later: {detail}"],
  "login.failed": ["登录失败：{detail}", "Login failed: {detail}"],
  "login.offline": ["无法连接服务器", "Cannot reach the server"],
  "login.demo": ["演示账号（仅供演示）：点击即可登录", "Demo accounts (for a demo only): click one to log in"],
});

const $ = (id) => document.getElementById(id);
const PARTS = [review, record, complaintPanel, dashboard, draw, sweepDraw, overview];
let started = false;

function showLogin(message) {
  setToken(null);
  $("app-view").hidden = true;
  $("tabs").hidden = true;
  $("logout").hidden = true;
  $("whoami").hidden = true;
  $("login-view").hidden = false;
  const err = $("login-error");
  err.textContent = message || "";
  err.hidden = !message;
}

async function showApp() {
  let me;
  try {
    me = (await request("/auth/me")).body;
  } catch (e) {
    showLogin(e.status === 401 ? t("login.expired") : e.message);
    return;
  }
  state.me = me;
  document.body.dataset.role = me.role;
  $("login-view").hidden = true;
  $("app-view").hidden = false;
  $("tabs").hidden = false;
  $("logout").hidden = false;
  $("whoami").textContent = t("app.user", { name: me.username, role: t("role." + me.role) });
  $("whoami").hidden = false;
  if (!started) {
    started = true;
    state.map = createMap($("map"), state.config);
    PARTS.forEach((part) => part.init());
  } else {
    state.map.invalidateSize();
  }
  emit("login", me);
  showView(location.hash.includes("view=dashboard") ? "dashboard" : "map");
}

function showView(name) {
  document.querySelectorAll("#tabs button").forEach((b) => b.classList.toggle("active", b.dataset.view === name));
  $("map-view").hidden = name !== "map";
  $("dashboard-view").hidden = name !== "dashboard";
  if (name === "map") state.map.invalidateSize();
  emit("view", name);
}

$("tabs").addEventListener("click", (event) => {
  const view = event.target.dataset && event.target.dataset.view;
  if (view) showView(view);
});

$("login-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = new URLSearchParams();
  form.set("username", $("username").value.trim());
  form.set("password", $("password").value);
  $("login-error").hidden = true;
  let response;
  let body = {};
  try {
    response = await fetch("/api/v1/auth/token", { method: "POST", body: form });
    body = await response.json().catch(() => ({}));
  } catch (e) {
    showLogin(t("login.offline"));
    return;
  }
  if (response.ok && body.access_token) {
    setToken(body.access_token);
    $("password").value = "";
    showApp();
  } else if (response.status === 401 || response.status === 400) {
    showLogin(t("login.wrong"));
  } else if (response.status === 429) {
    showLogin(t("login.slow", { detail: problemText(body, "") }));
  } else {
    showLogin(t("login.failed", { detail: problemText(body, String(response.status)) }));
  }
});

$("logout").addEventListener("click", () => {
  const current = token();
  if (current) fetch("/api/v1/auth/logout", { method: "POST", headers: { Authorization: "Bearer " + current } }).catch(() => {});
  emit("logout");
  showLogin("");
});

// The login (sessionStorage) and the chosen compound (the address) survive the reload.
languageSwitch($("lang"));

whenUnauthorized(() => showLogin(t("login.expired")));

// For the browser tests and for a curious maintainer's console: the app's shared state.
window.weijian = { state };

/* In a demo, the login page offers the demo accounts: a click fills the form and logs in. */
function offerDemoLogins(logins) {
  const box = $("demo-logins");
  (logins || []).forEach((login) => {
    box.appendChild(el("button", {
      type: "button", className: "action secondary", dataset: { username: login.username },
      onclick: () => {
        $("username").value = login.username;
        $("password").value = login.password;
        $("login-form").requestSubmit();
      },
    }, `${t("role." + login.role)} · ${login.username}`));
  });
  box.hidden = !(logins && logins.length);
}

async function start() {
  const response = await fetch("/api/v1/public/map-config").catch(() => null);
  state.config = response && response.ok ? await response.json() : { basemap: { kind: "none", layers: [] }, extent: null };
  setZone(state.config.tz);
  offerDemoLogins(state.config.demo_logins);
  translate(document);
  if (token()) showApp(); else showLogin("");
}

start();
