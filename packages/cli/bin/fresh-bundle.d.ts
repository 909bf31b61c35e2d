/**
 * The bundle's entry URL, or undefined when there is no bundle or a file it was built from changed.
 * `dist` is the bundle's folder (a URL ending in "/"), `root` the path (ending in "/") its sources.json
 * names files from.
 */
export function freshBundle(dist?: URL, root?: string): string | undefined;

/** The bundle's entry URL when `dist`'s sibling src/main.ts is absent (the installed package), else undefined. */
export function shippedBundle(dist?: URL): string | undefined;
