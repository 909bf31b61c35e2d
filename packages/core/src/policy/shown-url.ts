// A registry or forge URL may carry credentials (`oci://user:token@host/repo`): whatever prints a
// URL, a message or an error passes it through here first, so the userinfo never reaches a log.
const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^/@\s"']+@/gi;

/** `text` with every URL's userinfo replaced by `***`. */
export function withoutUserinfo(text: string): string {
  return text.includes("@") ? text.replace(USERINFO, "$1***@") : text;
}

/** Whether a URL carries userinfo (a user name, a token or both). */
export function hasUserinfo(url: string): boolean {
  return withoutUserinfo(url) !== url;
}
