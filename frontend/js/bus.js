/* What the parts of the map app share: who is logged in, the map, the compound in
   review, and events between the parts ("compound" when another compound is chosen,
   "changed" when a record was written, "select" to open a violation's record). */

export const state = {
  me: null, // /auth/me: {username, role, communities, permissions}
  config: null, // /public/map-config
  map: null,
  community: null, // the chosen community's Feature
  compound: null, // the chosen compound's Feature
};

const target = new EventTarget();

export function on(name, handler) {
  target.addEventListener(name, (event) => handler(event.detail));
}

export function emit(name, detail) {
  target.dispatchEvent(new CustomEvent(name, { detail }));
}

/* can("write_records"): the logged-in role may do it (buttons appear only then). */
export function can(permission) {
  return Boolean(state.me && state.me.permissions && state.me.permissions.includes(permission));
}

export function isStreetOffice() {
  return Boolean(state.me && state.me.role === "admin");
}

/* The view in the address (#community=1&compound=3&violation=12), so that a reload (the
   language switch) or a shared link opens the same compound and record. */
export function fromHash() {
  return Object.fromEntries(new URLSearchParams(location.hash.replace(/^#/, "")));
}

export function toHash(changes) {
  const params = new URLSearchParams(location.hash.replace(/^#/, ""));
  Object.entries(changes).forEach(([key, value]) => {
    if (value === null || value === undefined || value === "") params.delete(key);
    else params.set(key, String(value));
  });
  history.replaceState(null, "", "#" + params.toString());
}
