// Writing a release into the working tree: manifests, dependents' ranges, extra files. Pure text in, text out.
export { documentPath, shownPath, type DocumentPath } from "./document-path.ts";
export { bumpedRange } from "./dependency-range.ts";
export { manifestEdit, parsedManifest, RANGE_FIELDS, type ManifestEdit, type ManifestChange } from "./manifest-edit.ts";
export { extraFileEdit, type ExtraFileEdit } from "./extra-file-edit.ts";
export { withMarkedVersions, VERSION_MARKER } from "./marker-lines.ts";
