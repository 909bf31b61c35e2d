import prettyBytes from "pretty-bytes";

/** A size as people read it: `1.2 GiB`, `512 B` (binary units, as file managers and `ls -h` count). */
export function humanBytes(bytes: number): string {
  return prettyBytes(bytes, { binary: true, maximumFractionDigits: 1 });
}
