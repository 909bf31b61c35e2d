/**
 * Who wrote a commit, as the forge knows them: on GitHub the login of the commit's author, on GitLab
 * the user whose public e-mail the commit carries. Only the notes use it, to credit people as
 * `@login` the way the forges' own generated notes do.
 */
export interface CommitAuthors {
  /**
   * The login of the author of `commitSha`, whose git e-mail is `email`; undefined when the forge
   * knows no account for it. Rejects when the forge cannot be asked (401/403, rate limit, outage).
   */
  loginOf(commitSha: string, email: string): Promise<string | undefined>;
}
