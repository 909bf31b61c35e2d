// The semver functions relm uses, each from its own module: the package's index loads all ~47 of
// its modules (every range helper and class), ~15-20 ms of every `relm` start. Ranges (satisfies,
// validRange: the Range and Comparator classes) are in semver-ranges.ts, for the few plans that
// follow workspace dependencies.
import gt from "semver/functions/gt.js";
import gte from "semver/functions/gte.js";
import inc from "semver/functions/inc.js";
import major from "semver/functions/major.js";
import minor from "semver/functions/minor.js";
import parse from "semver/functions/parse.js";
import patch from "semver/functions/patch.js";
import prerelease from "semver/functions/prerelease.js";
import rcompare from "semver/functions/rcompare.js";
import valid from "semver/functions/valid.js";

export const semver = { gt, gte, inc, major, minor, parse, patch, prerelease, rcompare, valid };
