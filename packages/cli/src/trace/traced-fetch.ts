// `--verbose` (or RELM_DEBUG=1): every HTTP call to a forge or registry, one line each on stderr,
// with its status and duration. Never a secret: no headers or bodies, no userinfo, and the values
// of query parameters that could carry one are replaced.
const SECRET_PARAM = /token|key|secret|password|passwd|signature|sig|auth|credential/i;

/** A URL as it may be shown: no user:password@, and secret-looking query values masked. */
export function shownUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "(a URL that does not parse)";
  }
  url.username = "";
  url.password = "";
  for (const key of [...url.searchParams.keys()]) if (SECRET_PARAM.test(key)) url.searchParams.set(key, "***");
  return url.toString();
}

/** `fetch` that reports each call through `write`; the answer is the very one fetch gave. */
export function tracedFetch(inner: typeof fetch, write: (line: string) => void, now: () => number = () => performance.now()): typeof fetch {
  return async (input, init) => {
    const started = now();
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const method = init?.method ?? (input instanceof Request ? input.method : "GET");
    try {
      const response = await inner(input, init);
      write(`${method} ${shownUrl(url)} -> ${response.status} in ${Math.round(now() - started)} ms`);
      return response;
    } catch (error) {
      write(`${method} ${shownUrl(url)} -> failed (${error instanceof Error ? error.message : String(error)}) in ${Math.round(now() - started)} ms`);
      throw error;
    }
  };
}
