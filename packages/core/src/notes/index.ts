// Release notes (Markdown and JSON) and changelog updates.
export { escapeMarkdown } from "./escape-markdown.ts";
export { shownInvisibles } from "./shown-invisibles.ts";
export { repositoryLinks, forgeStyleOf, type RepositoryLinks, type ForgeStyle } from "./repository-links.ts";
export { renderNotes, defaultNotesSections, type NotesInput } from "./render-notes.ts";
export { updateChangelog, changelogHasVersion } from "./update-changelog.ts";
export { planToJson } from "./plan-json.ts";
export { creditedAuthor, isLogin } from "./credited-author.ts";
export { newContributors, knownAuthorsOf, isBot, type NewContributor, type KnownAuthors } from "./new-contributors.ts";
