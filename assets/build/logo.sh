#!/bin/sh
# Draws the demo association's emblem, assets/logo/association-logo.png (a made-up logo for
# the made-up 申江理工大学校友会; an office sets its own in Settings). Needs ImageMagick.
# Run from the repository root: sh assets/build/logo.sh
set -eu
font=assets/fonts/wqy-microhei.ttc
convert -size 256x256 xc:none \
  -fill none -stroke '#1F3F7A' -strokewidth 12 -draw 'circle 128,128 128,12' \
  -strokewidth 3 -draw 'circle 128,128 128,34' \
  -stroke none -fill '#1F3F7A' -font "$font" -pointsize 64 -gravity center \
  -annotate +0-14 '申江' -pointsize 30 -annotate +0+46 '校友会' \
  -define png:exclude-chunks=date,time -strip assets/logo/association-logo.png
