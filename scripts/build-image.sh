#!/usr/bin/env bash
# npm run image: relm's runner image relm:<version> as an OCI layout, with no container daemon.
# Debian minbase with git and CA certificates (mmdebstrap, from the machine's own apt sources),
# the project's pinned Node 24 (the `node` dev dependency's binary) and relm installed from its
# tarball; OCI labels source/version/revision; no entrypoint, so GitLab's shell runs the script.
#
#   scripts/build-image.sh OUT_DIR        writes OUT_DIR/oci (layout, tag <version>) and OUT_DIR/rootfs.tar cache
#   RELM_IMAGE_PUSH=docker://host/relm    also pushes it there with skopeo (RELM_IMAGE_TLS_VERIFY=false for a local registry)
# Needs root (mmdebstrap's root mode, umoci unpack with owners kept), mmdebstrap, umoci, skopeo.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$(mkdir -p "${1:-$root/tmp/image}" && cd "${1:-$root/tmp/image}" && pwd)"
version="$(node -p 'require(process.argv[1]).version' "$root/packages/cli/package.json")"
revision="$(git -C "$root" rev-parse HEAD 2>/dev/null || echo unknown)"
source_url="https://github.com/relm-dev/relm"
suite="${RELM_IMAGE_SUITE:-bookworm}"
node_bin="$root/node_modules/node/bin/node"
[ -x "$node_bin" ] || { echo "build-image: $node_bin is missing (run npm ci)" >&2; exit 2; }
for tool in mmdebstrap umoci skopeo; do
  command -v "$tool" >/dev/null || { echo "build-image: $tool is not installed (apt-get install $tool)" >&2; exit 2; }
done
sources=""
for f in /etc/apt/sources.list.d/debian.sources /etc/apt/sources.list; do [ -f "$f" ] && { sources="$f"; break; }; done
[ -n "$sources" ] || { echo "build-image: no apt sources on this machine for mmdebstrap" >&2; exit 2; }

# The Debian base changes only with the suite: it is cached beside the output and reused.
base="$out/base-$suite.tar"
if [ ! -s "$base" ]; then
  mmdebstrap --quiet --variant=minbase --include=git,ca-certificates \
    --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/locale/*' \
    "$suite" "$out/partial-$suite.tar" "$sources"
  mv "$out/partial-$suite.tar" "$base"
fi

work="$(mktemp -d "$out/.work-XXXXXX")"
trap 'rm -rf "$work"' EXIT
(cd "$root/packages/cli" && npm pack --silent --pack-destination "$work" >/dev/null)
tarball="$(ls "$work"/*.tgz)"

rm -rf "$out/oci"
umoci init --layout "$out/oci"
umoci new --image "$out/oci:$version"
umoci unpack --image "$out/oci:$version" "$work/bundle" >/dev/null
tar -xf "$base" -C "$work/bundle/rootfs"
install -m 0755 "$node_bin" "$work/bundle/rootfs/usr/local/bin/node"
npm install --global --prefix "$work/bundle/rootfs/usr/local" --offline --no-audit --no-fund --cache "$work/npm-cache" "$tarball" >/dev/null
umoci repack --image "$out/oci:$version" "$work/bundle"
umoci config --image "$out/oci:$version" \
  --config.env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  --config.cmd /bin/sh --config.workingdir / \
  --config.label "org.opencontainers.image.source=$source_url" \
  --config.label "org.opencontainers.image.version=$version" \
  --config.label "org.opencontainers.image.revision=$revision" \
  --config.label "org.opencontainers.image.title=relm" \
  --config.label "org.opencontainers.image.licenses=MIT"
umoci gc --layout "$out/oci"
size="$(du -sb "$out/oci" | cut -f1)"
echo "built relm:$version ($revision) in $out/oci: $((size / 1000000)) MB compressed"
if [ -n "${RELM_IMAGE_PUSH:-}" ]; then
  skopeo copy --quiet --dest-tls-verify="${RELM_IMAGE_TLS_VERIFY:-true}" "oci:$out/oci:$version" "$RELM_IMAGE_PUSH:$version"
  echo "pushed $RELM_IMAGE_PUSH:$version"
fi
