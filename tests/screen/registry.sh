#!/bin/sh
# Screen tests of the real binary in tmux at 80x24, in Bahasa Indonesia and English:
# register a UMKM with the keyboard alone (a wrong NIK refused, then corrected),
# find it by part of its name, edit a field and see the change in its history,
# quit with F10 and find the terminal restored. Golden screens: home, filled form.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.lib"
export BANTU_TODAY=2020-05-20 NO_COLOR=1

# flow LANG DB: the whole clerk's session; texts depend on the language.
flow() {
	lang=$1 db=$2
	if [ "$lang" = id ]; then
		home="Data UMKM" search="Cari:" new="data baru" saved="Tersimpan: 18.71-U-000001"
		nothing="Tidak ada yang cocok" edit="ubah 18.71-U-000001" history="Riwayat perubahan"
		toosmall="Terminal terlalu kecil"
	else
		home="UMKM data" search="Search:" new="new record" saved="Saved: 18.71-U-000001"
		nothing="Nothing matches" edit="edit 18.71-U-000001" history="History of changes"
		toosmall="Terminal too small"
	fi
	expect_ok "$lang: init" "$BANTU" --db "$T_TMP/$db" init --office 18.71 --name "Dinas KUMKM Kota Bandar Lampung"
	s_start
	s_type "$BANTU --db $db --lang $lang --officer clerk"
	s_keys Enter
	expect_screen "$lang: home menu" "$home"
	[ "$lang" = id ] && s_golden "id: home screen as expected" home-80x24.txt

	s_keys 1 Enter
	expect_screen "$lang: UMKM list" "$search"
	s_keys F5
	expect_screen "$lang: new form" "$new"
	s_type "Warung Sri"; s_keys Enter
	s_type "Sri Wahyuni"; s_keys Enter
	s_type "1871011234567890"
	expect_screen "$lang: wrong NIK refused with its message" "!NIK 1871011234567890"
	# The complete NIK moves on past the sex it decides (65: a woman) to the phone.
	s_keys C-u; s_type "1871016505900001"
	s_type "081234567890"; s_keys Enter
	s_type "Jl. Kartini 5"; s_keys Enter
	# An office of a kabupaten/kota fills in its own and passes over it;
	# Shift-Tab reaches it, and typing replaces it (the picker).
	expect_screen "$lang: kabupaten/kota defaults to the office's own" "Kota Bandar Lampung"
	s_keys BTab; s_type "bandar"
	expect_screen "$lang: kabupaten picker filters as typed" "Kota Bandar Lampung "
	s_keys Enter
	s_type "ked"; s_keys Enter Enter
	# Sector has 10 choices: two digits (02); scale has 3: one.
	s_type "47111"; s_type "02"; s_type "1"
	s_keys Enter Enter
	s_type "5000000"; s_keys Enter; s_type "Rp 2.500.000"; s_keys Enter
	s_type "3"; s_keys Enter; s_type "1"; s_keys Enter
	s_type "1,3"; s_keys Enter; s_type "2"
	scr=$(s_wait "Rp2.500.000")
	expect_match "$lang: NIK corrected" "$scr" "1871016505900001"
	expect_no_match "$lang: no error left" "$scr" "!"
	if [ "$lang" = id ]; then
		# The last keys done: the status chosen, the cursor on the date.
		s_wait "berhenti sementara" >/dev/null
		s_wait "HH/BB/TTTT" >/dev/null
		s_golden "id: filled form as expected" form-filled-80x24.txt
	fi
	s_keys F2
	expect_screen "$lang: saved" "$saved"

	# Each search waits for its text in the box first: the one record is on
	# the screen before the keys arrive (under valgrind, long before).
	s_type "/wahy"   # a leading "/" (as in less and vim) is not part of the query
	scr=$(s_wait "$search wahy")
	expect_match "$lang: the leading / is not in the query" "$scr" "$search wahy"
	scr=$(s_wait "Sri Wahyuni")
	expect_match "$lang: found by part of the owner's name" "$scr" "Warung Sri +Sri Wahyuni"
	s_keys C-u; s_type "18.71-u-00000"
	s_wait "$search 18.71-u-00000" >/dev/null
	scr=$(s_wait "Warung Sri")
	expect_match "$lang: found by the start of its registration number" "$scr" "Warung Sri .*18.71-U-000001"
	s_keys C-u; s_type "u-000002"   # a number without its office's code
	expect_screen "$lang: no such number" "$nothing"
	s_keys C-u; s_type "u-000001"
	s_wait "$search u-000001" >/dev/null
	scr=$(s_wait "Warung Sri")
	expect_match "$lang: found by its number without the office's code" "$scr" "Warung Sri .*18.71-U-000001"
	s_keys C-u; s_type "wahy"
	s_wait "Sri Wahyuni" >/dev/null
	s_type "x"
	expect_screen "$lang: search narrows as typed" "$nothing"
	s_keys BSpace
	expect_screen "$lang: back to the match" "Warung Sri"

	s_keys Enter
	expect_screen "$lang: record view" "Warung Sri (18.71-U-000001"
	s_keys F6
	expect_screen "$lang: edit form" "$edit"
	s_keys Enter C-u; s_type "Sri Wahyuningsih"; s_keys F2
	s_keys End
	expect_screen "$lang: history shows the change" "Sri Wahyuni -> Sri Wahyuningsih"
	expect_screen "$lang: history names the officer" "clerk"
	s_keys Escape Escape
	expect_screen "$lang: back home" "$home"

	tm resize-window -x 60 -y 20
	expect_screen "$lang: too small at 60x20" "$toosmall"
	tm resize-window -x 80 -y 24
	expect_screen "$lang: redrawn at 80x24" "$home"

	s_keys F10
	expect_screen "$lang: F10 quits to the shell" "PROMPT$"
	s_type "s=\$(stty -a | tr ' ;' '\n\n' | grep -x -e echo -e icanon | tr '\n' ,); echo \"R=\$s\""
	s_keys Enter
	scr=$(s_wait "R=i")
	expect_match "$lang: terminal restored (echo, icanon)" "$scr" "R=icanon,echo,"
	s_stop
}

flow id t.db
flow en e.db

# ui.auto_advance: false: a complete NIK and a typed L/P stay where they are,
# so a clerk who ends every field with Enter loses none (the default moves on).
printf 'ui:\n  auto_advance: false\n' >"$T_TMP/manual.yaml"
expect_ok "manual: init" "$BANTU" --db "$T_TMP/m.db" init --office 18.71
s_start
s_type "$BANTU --db m.db --lang en --config manual.yaml"; s_keys Enter
expect_screen "manual: home menu" "UMKM data"
s_keys 1 Enter
expect_screen "manual: UMKM list" "Search:"
s_keys F5
expect_screen "manual: new form" "new record"
s_type "Warung Tini"; s_keys Enter
s_type "Tini Lestari"; s_keys Enter
s_type "1871016505900001"
expect_screen "manual: a complete NIK keeps the cursor (its hint shown)" "16 digits"
s_type "7"
expect_screen "manual: a 17th digit is refused, and said so" "Owner's NIK is complete; Backspace"
s_keys Enter
expect_screen "manual: Enter passes over the sex the NIK says, to the phone" "08... or +62"
s_keys BTab
expect_screen "manual: Shift-Tab reaches the sex field" "L or P"
s_type "0"
expect_screen "manual: a digit in the sex field is refused, and said so" "Sex: type L or P"
s_type "p"
expect_screen "manual: P typed stays on the sex field" "L or P"
s_keys Enter
s_type "081234567890"
scr=$(s_wait "081234567890")
expect_match "manual: the sex field holds P" "$scr" "Sex +female .P."
expect_match "manual: the telephone went to its own field" "$scr" "Phone +081234567890"
expect_no_match "manual: no error" "$scr" "!"
s_keys F10
s_wait 'PROMPT$' >/dev/null
s_stop

# F6 limits a list to a period of its date (the date recorded): the title says it,
# the count is the records of that period; a wrong date is refused in the prompt;
# empty answers lift it. A kind with no date of its own (participants) has no F6.
expect_ok "period: init" "$BANTU" --db "$T_TMP/pd.db" init --office 18
expect_ok "period: demo" "$BANTU" --db "$T_TMP/pd.db" demo --umkm 300 --koperasi 0 --seed 3
may=$(sql "$T_TMP/pd.db" "SELECT count(*) FROM umkm WHERE deleted = 0 AND merged_into IS NULL
	AND tanggal_pendataan BETWEEN '2020-05-01' AND '2020-05-31'")
all=$(sql "$T_TMP/pd.db" "SELECT count(*) FROM umkm WHERE deleted = 0 AND merged_into IS NULL")
[ "$may" -gt 0 ] && [ "$may" -lt "$all" ] || t_fail "period: test data has May 2020 and other months" "$may of $all"
s_start
s_type "$BANTU --db pd.db --lang en"; s_keys Enter
expect_screen "period: home menu" "UMKM data"
s_keys 1 Enter
expect_screen "period: UMKM list" "$all records"
expect_match "period: F6 in the list's status bar" "$(s_screen)" "F6 Period"
s_keys F6
expect_screen "period: asks from, naming the date" "Period: Date recorded"
s_type "1/5/2020"; s_keys Enter
expect_screen "period: asks to" "To (DD/MM/YYYY"
s_type "31/13/2020"; s_keys Enter
expect_screen "period: a wrong date refused in the prompt" "31/13/2020: there is no month 13"
s_keys C-u; s_type "31/05/2020"; s_keys Enter
expect_screen "period: the title names it" "UMKM, 01/05/2020-31/05/2020"
expect_screen "period: the count is May's" "$may records"
s_keys F6
expect_screen "period: F6 again" "Period: Date recorded"
expect_match "... holding the period's start, to change" "$(s_screen)" "│ 01/05/2020 "
s_keys C-u Enter
expect_screen "period: asks to again" "To (DD/MM/YYYY"
expect_match "... holding its end" "$(s_screen)" "│ 31/05/2020 "
s_keys C-u Enter
expect_screen "period: empty answers lift it" "$all records"
expect_no_match "period: no period in the title" "$(s_screen)" "2020-"
s_keys Escape
expect_screen "period: home" "UMKM data"
s_keys 7
expect_screen "period: the training menu" "Participants"
s_keys 2
expect_screen "period: the participants' list" "Search:"
expect_no_match "period: no F6 where the records have no date" "$(s_screen)" "F6 Period"
s_keys F10
s_wait 'PROMPT$' >/dev/null
s_stop
