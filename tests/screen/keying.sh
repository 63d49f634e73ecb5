#!/bin/sh
# Heads-down keying (issue 21) in tmux at 80x24: the sex follows from the NIK
# and the district office's own kabupaten/kota are passed over; choice codes of
# a 10-choice list take two digits; a prefilled date is replaced by what is
# typed and moves on when complete; Up/Down move between fields; a NIK already
# registered shows at the field at once, Enter does not say yes to saving it,
# and the cursor goes to the field at fault; an edit form offers no "save and
# next", and the last field's hint names two different keys.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.lib"
export BANTU_TODAY=2020-05-20 NO_COLOR=1

# cursor_row: the terminal row of the cursor (the field being keyed: field i of
# the form is on row i + 1 while the form is not scrolled).
cursor_row() { tm display-message -p '#{cursor_y}'; }
# expect_row WHAT ROW: waits until the cursor is on ROW.
expect_row() {
	S_MARKED=
	i=0
	while [ "$i" -lt $((S_TIMEOUT * 20)) ]; do
		[ "$(cursor_row)" = "$2" ] && { t_ok "$1"; return; }
		sleep 0.05
		i=$((i + 1))
	done
	t_fail "$1" "cursor on row $(cursor_row), not $2" "$(s_screen)"
}

expect_ok "init" "$BANTU" --db "$T_TMP/k.db" init --office 18.71 --name "Dinas KUMKM Kota Bandar Lampung"
s_start
s_type "$BANTU --db k.db --lang en --officer clerk"; s_keys Enter
expect_screen "home menu" "UMKM data"
s_keys 1 Enter
expect_screen "UMKM list" "Search:"
s_keys F5
expect_screen "new form" "new record"
s_type "Warung Sri"; s_keys Enter
s_type "Sri Wahyuni"; s_keys Enter
s_type "1871016505900001"
expect_screen "sex from the NIK: day 65 is a woman's" "female (P)"
expect_row "... and passed over: the cursor on the phone" 5
s_keys Enter
s_type "Jl. Kartini 5"; s_keys Enter
expect_row "the district office's own kabupaten/kota passed over: on the district" 8
s_keys BTab
expect_row "Shift-Tab reaches the kabupaten/kota" 7
s_keys Enter
s_type "ked"; s_keys Enter Enter
s_type "47111"
expect_row "KBLI complete: on the sector" 11
s_type "1"
expect_screen "sector: codes of two digits shown beside the choices" "10 other"
expect_match "... the code typed so far matches 01 and 10" "$(s_screen)" "01 trade"
expect_row "... one digit of two waits on the sector" 11
s_type "0"
expect_row "... the second digit moves on to the scale" 12
expect_match "... sector 10 chosen" "$(s_screen)" "Sector +other"
s_type "1"
expect_row "scale (3 choices): one digit moves on" 13
expect_match "... scale 1 chosen" "$(s_screen)" "Scale +micro"
s_keys Up
expect_row "Up moves to the previous field (a list field too)" 12
s_keys Up
expect_row "... Up again: the sector" 11
s_type "0"
expect_screen "a code typed replaces the sector; 0 lists 01-09" "09 services"
s_keys PgDn Enter
expect_row "PgDn moved in the choices, Enter took the one chosen" 12
expect_match "... the second: 02" "$(s_screen)" "Sector +food and drink"
s_keys Escape
expect_screen "Esc asks before discarding" "Discard the changes"
s_keys Enter
expect_match "Enter does not answer yes" "$(s_screen)" "Discard the changes"
s_keys n
expect_screen "n: back in the form" "Warung Sri"
# From the scale down to the date recorded (20/05/2020 today): nine fields.
s_keys Down Down Down Down Down Down Down Down Down
expect_row "Down walks to the date recorded" 21
s_type "15052020"
expect_screen "a typed date replaces the prefilled one" "15/05/2020"
# The form has scrolled by one: the notes, the last field, on the last row.
expect_row "... and moves on when complete, to the notes" 21
expect_no_match "... not appended to it" "$(s_screen)" "2020150"
s_keys Enter
expect_screen "the last field's hint names both keys" "Last field: F2 saves, F3 saves and starts the next record."
s_keys F2
expect_screen "saved" "Saved: 18.71-U-000001"

s_keys F5
expect_screen "a second form" "new record"
s_type "Toko Budi"; s_keys Enter; s_type "Budi"; s_keys Enter
s_type "1871016505900001"
expect_screen "the same NIK: the other business shown at the field at once" "registered: Warung Sri (18.71-U-000001"
s_keys Enter Enter
expect_row "keying goes on" 8
s_keys F2
expect_screen "saving asks" "Save anyway?"
s_keys Enter Space
expect_match "Enter and Space do not save the duplicate" "$(s_screen)" "Save anyway?"
s_keys Escape
expect_row "no: the cursor on the field at fault, the NIK" 3
s_keys F2
expect_screen "asked again" "Save anyway?"
s_keys y
expect_screen "y saves it" "Saved: 18.71-U-000002"

# The tail of a registration number as read off a letter: "2" is 18.71-U-000002.
s_type "2"
s_wait "Search: 2" >/dev/null
scr=$(s_wait " 1 record")
expect_match "found by the serial of its number alone" "$scr" "Toko Budi .*18.71-U-000002"
expect_no_match "... and only it" "$scr" "Warung Sri"
s_keys C-u; s_type "toko"
expect_screen "found" "Toko Budi"
s_keys Enter
expect_screen "record view" "Toko Budi (18.71-U-000002"
s_keys F6
expect_screen "edit form" "edit 18.71-U-000002"
expect_no_match "an edit form offers no save and next" "$(s_screen)" "F3"
s_keys End; s_type " Jaya"
expect_screen "End, then typing, edits the value instead of replacing it" "Toko Budi Jaya"
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21; do s_keys Down; done
s_keys Enter
expect_screen "its last field's hint: F2 saves" "Last field: F2 saves."
s_keys Escape
expect_screen "leaving the changed form asks" "Discard the changes"
s_keys y
expect_screen "discarded: the record view" "Toko Budi (18.71-U-000002"
s_keys F10
s_wait 'PROMPT$' >/dev/null
s_stop
