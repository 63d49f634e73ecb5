#!/bin/sh
# Screen test: a record whose title ("Cooperatives: NAME (NUMBER, REGENCY)") is wider than
# the screen opens, at 80 columns and narrower, its title cut at the screen's edge. (Such a
# title with nothing on the bar's right made the TUI read through a null pointer and die.)
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.lib"
export NO_COLOR=1

"$BANTU" --db "$T_TMP/p.db" init --office 18 >/dev/null 2>&1 || t_fail "init"
"$BANTU" --db "$T_TMP/p.db" demo --umkm 50 --koperasi 20 --seed 5 >/dev/null 2>&1 || t_fail "demo"
row=$(sqlite3 -separator '|' "$T_TMP/p.db" "SELECT k.nama_koperasi, k.reg_no,
	length(k.nama_koperasi) + length(r.name) + length(k.reg_no) FROM koperasi k
	JOIN region r ON r.code = k.kabupaten_kota ORDER BY 3 DESC LIMIT 1")
name=${row%%|*}
rest=${row#*|}
reg=${rest%%|*}
len=${rest#*|}
# "Cooperatives: " + name + " (" + number + ", " + regency + ")"
[ $((len + 19)) -gt 80 ] || t_fail "test data: a cooperative whose title is wider than 80" "$row"

s_start
s_type "LANG=C.UTF-8 $BANTU --db p.db --lang en; echo EXIT=\$?"
s_keys Enter
expect_screen "home menu" "UMKM data"
s_keys 2
scr=$(s_wait "$reg")
expect_match "the cooperatives' list" "$scr" "$reg"
expect_match "a kabupaten's name as \"Kab. ...\", to fit its column" "$scr" " Kab\. [A-Z]"
expect_no_match "no name cut for want of room: \"Kabupaten ...\" is not listed" "$scr" "Kabupaten "
s_type "$reg"
scr=$(s_wait "1 record")
expect_match "found by its number (\"1 record\", not \"1 records\")" "$scr" "1 record *$"
s_keys Enter
scr=$(s_wait "$name")  # in full: the view, not the list behind it
expect_match "the record opens, its title cut at the edge" "$scr" "^ Cooperatives: $name \\("
expect_match "its fields below" "$scr" "$name"
expect_no_match "the program is still running" "$scr" "EXIT=[0-9]"
tm resize-window -x 60 -y 20
expect_screen "narrower than 80x24: the program says so" "Terminal too small: 60x20"
tm resize-window -x 80 -y 24
scr=$(s_wait "$name")  # in full: the view, not the list behind it
expect_match "80x24 again: the record, its title cut as before" "$scr" "^ Cooperatives: $name \\("
s_keys Escape
expect_screen "back to the list" "1 record"
s_keys F10
# "EXIT=0" alone: the command line typed above holds "EXIT=" too, and is on the screen
# (under valgrind, for a while) before the program has ended and the shell has echoed.
expect_screen "it ends normally" "EXIT=0"
