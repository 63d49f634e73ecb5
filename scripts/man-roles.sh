#!/bin/sh
# scripts/man-roles.sh BANTU MANPAGE - prints MANPAGE with the lines between
# '.\" BEGIN ROLES' and '.\" END ROLES' replaced by `BANTU help roles --man` (the
# table of rights, src/model/rights.h). Used by `make man`; tests/cli/roles.sh
# compares.
set -eu
bantu=$1
page=$2
table=$(BANTU_LANG=en "$bantu" --lang en help roles --man)
TABLE=$table awk '
	/^\.\\" BEGIN ROLES/ { print; print ENVIRON["TABLE"]; skip = 1; next }
	/^\.\\" END ROLES/ { skip = 0 }
	!skip { print }
' "$page"
