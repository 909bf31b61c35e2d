import type { AuthorIdentity } from "./verdict.ts";

const norm = (s: string): string => s.trim().toLowerCase();

/**
 * The logins an author may go by. Git knows names and e-mails, forges know logins, and no port maps
 * one to the other for every host; so an approver is taken to be the author when the login equals the
 * author's forge login, git name, e-mail, e-mail local part, or GitHub no-reply handle. Matching too
 * much only refuses an approval; matching too little would let an author sign off their own change.
 */
export function loginsOf(author: AuthorIdentity): Set<string> {
  const out = new Set<string>();
  if (author.login) out.add(norm(author.login));
  if (author.name) out.add(norm(author.name));
  if (author.email) {
    const email = norm(author.email);
    out.add(email);
    const local = email.split("@")[0] ?? "";
    if (local) {
      out.add(local);
      // 12345+octocat@users.noreply.github.com is octocat
      const noreply = /^\d+\+(.+)$/.exec(local);
      if (noreply?.[1]) out.add(noreply[1]);
    }
  }
  out.delete("");
  return out;
}

/** Whether `login` is one of `authors`, by the rules of loginsOf. */
export function isAuthor(login: string, authors: readonly AuthorIdentity[]): AuthorIdentity | undefined {
  const wanted = norm(login);
  return authors.find((a) => loginsOf(a).has(wanted));
}

export function sameLogin(a: string, b: string): boolean {
  return norm(a) === norm(b);
}

export function loginKey(login: string): string {
  return norm(login);
}
