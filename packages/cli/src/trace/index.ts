export { shownUrl, tracedFetch } from "./traced-fetch.ts";
