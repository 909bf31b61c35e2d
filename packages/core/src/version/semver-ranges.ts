// semver's ranges, apart from semver.ts: the Range and Comparator classes they load are needed only
// to follow workspace dependencies (dependents.ts), which most plans never do.
import satisfies from "semver/functions/satisfies.js";
import validRange from "semver/ranges/valid.js";

export const semverRanges = { satisfies, validRange };
