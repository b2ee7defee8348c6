#!/usr/bin/env bash
# Renders the demo illustrations (our own SVG drawings) to the WebP files the site serves.
# Needs Debian's librsvg2-bin and webp; run it after changing a drawing.
set -euo pipefail
cd "$(dirname "$0")/.."
src=src/Broadsheet/Demo/Illustrations
out=src/Broadsheet/wwwroot/demo
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for svg in "$src"/*.svg; do
  name=$(basename "${svg%.svg}")
  rsvg-convert -w 1200 -h 675 "$svg" -o "$tmp/$name.png"
  cwebp -quiet -q 82 "$tmp/$name.png" -o "$out/$name.webp"
done
