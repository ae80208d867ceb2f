/* The service's REST API, as the map app uses it: the login token (sessionStorage), JSON
   and GeoJSON in and out, ETags for If-Match, and problem+json errors turned into
   ApiError with the service's own `detail` (which says what to fix). */

const BASE = "/api/v1";
const TOKEN_KEY = "weijian.token";
let onUnauthorized = () => {};

export class ApiError extends Error {
  constructor(status, detail, body) {
    super(detail);
    this.status = status;
    this.body = body;
  }
}

export function token() { return sessionStorage.getItem(TOKEN_KEY); }
export function setToken(value) {
  if (value) sessionStorage.setItem(TOKEN_KEY, value); else sessionStorage.removeItem(TOKEN_KEY);
}
export function whenUnauthorized(handler) { onUnauthorized = handler; }

export function problemText(body, fallback) {
  if (body && typeof body.detail === "string") return body.detail;
  if (body && Array.isArray(body.detail)) {
    return body.detail.map((d) => (d.loc ? d.loc.filter((p) => p !== "body").join(".") + ": " : "") + d.msg).join("; ");
  }
  if (body && Array.isArray(body.errors)) return body.errors.map((e) => e.detail || e.msg || JSON.stringify(e)).join("; ");
  return fallback;
}

/* request("/violations/3", {method: "PATCH", json: {...}, ifMatch: etag}) →
   {body, etag, status, headers}; throws ApiError on a 4xx/5xx. `form` sends FormData,
   `raw` returns the Response itself (for files). */
export async function request(path, options = {}) {
  const headers = Object.assign({}, options.headers || {});
  const auth = token();
  if (auth && !options.anonymous) headers.Authorization = "Bearer " + auth;
  if (options.ifMatch) headers["If-Match"] = options.ifMatch;
  let body;
  if (options.json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(options.json);
  } else if (options.form !== undefined) {
    body = options.form;
  }
  const url = path.startsWith("/") && !path.startsWith(BASE) ? BASE + path : path;
  const response = await fetch(url, { method: options.method || "GET", headers, body });
  if (response.status === 401 && auth && !options.anonymous) {
    setToken(null);
    onUnauthorized();
  }
  if (options.raw && response.ok) return response;
  const text = await response.text();
  let parsed = null;
  try { parsed = text ? JSON.parse(text) : null; } catch (e) { parsed = null; }
  if (!response.ok) {
    throw new ApiError(response.status, problemText(parsed, text || response.statusText || String(response.status)), parsed);
  }
  return { body: parsed, etag: response.headers.get("ETag"), status: response.status, headers: response.headers };
}

export async function get(path) { return (await request(path)).body; }

/* Download a file the API serves to logged-in users (xlsx, zip): fetched with the token,
   then saved through a temporary link. */
export async function download(path, fallbackName) {
  const response = await request(path, { raw: true });
  const blob = await response.blob();
  const disposition = response.headers.get("Content-Disposition") || "";
  const match = /filename\*=UTF-8''([^;]+)/i.exec(disposition) || /filename="?([^";]+)"?/i.exec(disposition);
  const name = match ? decodeURIComponent(match[1]) : fallbackName;
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = name;
  document.body.appendChild(link);
  link.click();
  setTimeout(() => { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
  return name;
}

/* An authenticated image (photos need the token): an object URL for an <img>. */
export async function imageUrl(path) {
  const response = await request(path, { raw: true });
  return URL.createObjectURL(await response.blob());
}
