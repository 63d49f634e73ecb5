#!/bin/sh
# Screen tests of Laporan at 80x24 with the keyboard alone: the dashboard from the home menu,
# a figure per kabupaten/kota with bars (Unicode blocks in UTF-8, '#' without), a row opening
# the records behind it, the period and kabupaten/kota filters (a wrong date refused).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.lib"
export NO_COLOR=1

"$BANTU" --db "$T_TMP/p.db" init --office 18 >/dev/null 2>&1 || t_fail "init"
"$BANTU" --db "$T_TMP/p.db" demo --umkm 800 --koperasi 60 --seed 5 >/dev/null 2>&1 || t_fail "demo"
total=$(sqlite3 "$T_TMP/p.db" "SELECT count(*) FROM umkm WHERE deleted = 0 AND merged_into IS NULL")
metro=$(sqlite3 "$T_TMP/p.db" "SELECT count(*) FROM umkm WHERE kabupaten_kota = '18.72'")
may=$(sqlite3 "$T_TMP/p.db" "SELECT count(*) FROM umkm WHERE tanggal_pendataan BETWEEN '2020-05-01' AND '2020-05-31'")
metro_may=$(sqlite3 "$T_TMP/p.db" "SELECT count(*) FROM umkm WHERE kabupaten_kota = '18.72'
	AND deleted = 0 AND merged_into IS NULL AND tanggal_pendataan BETWEEN '2020-05-01' AND '2020-05-31'")
[ "$metro_may" -gt 0 ] && [ "$metro_may" -ne "$metro" ] ||
	t_fail "test data: Kota Metro has UMKM recorded in May 2020 and others" "$metro_may of $metro"
# numbers as shown: 1.234
shown() { printf '%s' "$1" | sed -e ':a' -e 's/\([0-9]\)\([0-9]\{3\}\)\($\|\.\)/\1.\2\3/; ta'; }

mkdir -p "$T_TMP/usb"
export BANTU_MEDIA_DIRS="$T_TMP/usb"
s_start
s_type "LANG=C.UTF-8 BANTU_MEDIA_DIRS=$T_TMP/usb $BANTU --db p.db --lang en"
s_keys Enter
expect_screen "home menu" "UMKM data"
s_keys 1 1
expect_screen "11 opens Reports" "whole province, all time"
scr=$(s_screen)
expect_match "dashboard: UMKM registered with its count" "$scr" "UMKM registered +$(shown "$total")"
expect_match "dashboard: the keys of the screen in the status bar" "$scr" "F6 Period"

s_keys Enter
expect_screen "a figure per regency/city" "Kota Metro"
scr=$(s_screen)
expect_match "figure: Kota Metro's count" "$scr" "Kota Metro +$(shown "$metro") "
expect_match "figure: bars in Unicode blocks" "$scr" "█"
expect_match "figure: the total row" "$scr" "Total +$(shown "$total") +100,0%"

s_keys End Up Enter
expect_screen "a row opens the list behind it" "Filter: Kota Metro"
expect_screen "the list counts the same records" "$metro records"
s_keys Escape
expect_screen "back to the figure" "Kota Metro"
s_keys Escape
expect_screen "back to the dashboard" "whole province, all time"
s_keys F4
expect_screen "filter: asks the regency/city" "Regency/city (empty"
s_type "nowhere"
s_keys Enter
expect_screen "filter: a name that is no region is refused" "'nowhere' is not a known region here"
s_keys Escape
s_wait_gone "'nowhere' is not"
expect_match "Esc leaves the prompt, the filter unchanged" "$(s_screen)" "whole province, all time"

s_keys F6
expect_screen "period: asks from" "From (DD/MM/YYYY"
s_type "31/02/2020"
expect_match "period: the prompt's keys in the status bar" "$(s_screen)" "Enter OK  Esc Cancel"
s_keys Enter
expect_screen "period: a date that does not exist is refused" "February 2020 has only 29 days"
scr=$(s_screen)
expect_match "... inside the prompt, which stays open" "$scr" "│ 31/02/2020: February 2020 has only 29 days"
expect_match "... holding the date typed, to correct" "$scr" "│ 31/02/2020  "
s_keys C-u
s_type "01/05/2020"
s_keys Enter
expect_screen "period: asks to" "To (DD/MM/YYYY"
s_type "31/05/2020"
s_keys Enter
expect_screen "period shown in the title bar" "01/05/2020-31/05/2020"
expect_match "dashboard: UMKM recorded in May" "$(s_screen)" "UMKM registered +$(shown "$may")"

# The drill-down under a period: the list holds exactly the records the figure counts.
s_keys Enter
expect_screen "figure under the period: its heading" "Regency/city"
expect_match "... the title bar keeps the period" "$(s_screen)" "01/05/2020-31/05/2020"
expect_match "figure: its number column's heading whole" "$(s_screen)" \
	"^Regency/city +UMKM registered +Share *$"
expect_screen "figure: Kota Metro's count in May" "Kota Metro"
fig=$(s_screen | sed -n 's/^ *Kota Metro  *\([0-9.][0-9.]*\) .*/\1/p' | head -1)
expect_match "figure: Kota Metro's number is the UMKM recorded there in May" "$fig" "^$(shown "$metro_may")\$"
s_keys End Up Enter
expect_screen "the row opens its list, filtered to the kabupaten/kota" "Filter: Kota Metro"
expect_screen "the list's title bar names the period" ", 01/05/2020-31/05/2020"
expect_screen "the list counts what the figure counts" "$fig records"
if [ "$fig" != "$(shown "$metro")" ]; then
	t_ok "the count differs from the list without the period ($(shown "$metro") records)"
else
	t_fail "the count differs from the list without the period" "$fig = $metro"
fi
s_keys Escape
expect_screen "back to the figure (period)" "Kota Metro"
s_keys Escape
expect_screen "back to the dashboard (period)" "01/05/2020-31/05/2020"

s_keys F5
expect_screen "workbook: asks the folder (the USB stick offered)" "Folder for the workbook ($T_TMP/usb)"
s_keys Enter
expect_screen "workbook written" "Written: $T_TMP/usb/laporan-ringkasan-"
if unzip -l "$T_TMP"/usb/laporan-ringkasan-*.xlsx 2>/dev/null | grep -q "xl/charts/chart1.xml"; then
	t_ok "the workbook on the stick has charts"
else
	t_fail "the workbook on the stick has charts" "$(ls -l "$T_TMP/usb")"
fi

s_keys F4
expect_screen "filter: asks the regency/city" "Regency/city (empty"
s_type "metor"
s_keys Enter
expect_screen "filter: a misspelt name is refused inside the prompt" "'metor' is not a known region"
s_keys BSpace BSpace BSpace
s_type "tro"
s_keys Enter
expect_screen "kabupaten/kota in the title bar" "Kota Metro"
s_keys F10
expect_screen "quit" "PROMPT$"

# Without UTF-8 the bars are plain characters.
s_type "LANG=C $BANTU --db p.db --lang en"
s_keys Enter
expect_screen "home menu (C locale)" "UMKM data"
s_keys 1 1
expect_screen "reports (C locale)" "whole province"
s_keys Enter
expect_screen "figure (C locale)" "Kota Metro"
expect_match "bars in '#' without UTF-8" "$(s_screen)" "Kota Metro .*##"

# A figure with a condition of its own (a certificate): the list behind a row holds
# the records it counts, not every participant there.
certified=$(sql "$T_TMP/p.db" "SELECT count(*) FROM peserta WHERE deleted = 0
	AND kabupaten_kota = '18.02' AND nomor_sertifikat IS NOT NULL")
enrolled=$(sql "$T_TMP/p.db" "SELECT count(*) FROM peserta WHERE deleted = 0 AND kabupaten_kota = '18.02'")
[ "$certified" -gt 0 ] && [ "$certified" -ne "$enrolled" ] ||
	t_fail "test data: Lampung Tengah has participants with and without certificates" "$certified of $enrolled"
s_keys Escape
expect_screen "back to the dashboard (C locale)" "Training completed (certificate)"
s_keys Down Down Down Down Down Down Down Down Enter
expect_screen "the certificates per regency/city" "Kabupaten Lampung Tengah"
expect_match "... a heading too long for its column says \"Value\" (the title bar names it)" \
	"$(s_screen)" "^Regency/city +Value +Share *$"
expect_match "... Lampung Tengah's number is its certified participants" "$(s_screen)" \
	"Kabupaten Lampung Tengah +$certified "
s_keys Home Down Enter
expect_screen "the row opens the list titled by the figure" "Training completed (certificate)"
expect_screen "... of the certified participants only ($certified, not $enrolled)" "$certified records"
s_keys Escape Escape
expect_screen "back to the dashboard again" "Restructuring cases approved"
s_keys F10
expect_screen "quit (C locale)" "PROMPT$"
