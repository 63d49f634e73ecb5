#!/bin/sh
# The key table of man/bantu.1 is what gen-man-keys makes from the action table
# (run `make man` after changing src/tui/action.h).
. "$(dirname "$0")/../lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
gen="$(dirname "$BANTU")/gen-man-keys"
if [ ! -x "$gen" ]; then
	t_fail "gen-man-keys is built" "missing: $gen"
	exit 0
fi
sh "$top/scripts/man-keys.sh" "$gen" "$top/man/bantu.1" >"$T_TMP/bantu.1"
if d=$(diff "$top/man/bantu.1" "$T_TMP/bantu.1"); then
	t_ok "man/bantu.1 key table matches the action table"
else
	t_fail "man/bantu.1 key table matches the action table (run make man)" "$d"
fi
expect_match "the table lists F2 save" "$(cat "$top/man/bantu.1")" '^\.B F2, C\\-s$'
