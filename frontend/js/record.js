/* The record panel: a violation's attributes, photos, history and allowed moves. */
import { on } from "./bus.js";

export function init() {
  on("record", () => {});
}
