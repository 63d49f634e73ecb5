#!/bin/sh
# scripts/man-keys.sh GEN MANPAGE - prints MANPAGE with the lines between
# '.\" BEGIN KEYS' and '.\" END KEYS' replaced by the output of GEN (gen-man-keys).
# Used by `make man` and by tests/screen/man_keys.sh (which compares).
set -eu
gen=$1
page=$2
table=$("$gen")
TABLE=$table awk '
	/^\.\\" BEGIN KEYS/ { print; print ENVIRON["TABLE"]; skip = 1; next }
	/^\.\\" END KEYS/ { skip = 0 }
	!skip { print }
' "$page"
