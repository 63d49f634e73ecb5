#!/bin/sh
# Screen tests of the message line at 80x24: a message wider than the screen
# wraps onto the lines above it whole (here the warning of a clock behind the
# changes already recorded, in Indonesian and in English), and the next key
# gives the lines back to the screen below.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.lib"
export NO_COLOR=1

db="$T_TMP/m.db"
"$BANTU" --db "$db" init --office 18 >/dev/null 2>&1
"$BANTU" --db "$db" demo --umkm 30 --koperasi 0 >/dev/null 2>&1
# The highest clock seen: 30 days from now (hybrid logical clock: ms << 16).
ahead=$(( ($(date +%s) + 30 * 86400) * 1000 * 65536 ))
sql "$db" "UPDATE meta SET value = '$ahead' WHERE key = 'hlc_max'" >/dev/null

s_start
s_type "$BANTU --db m.db"; s_keys Enter
expect_screen "the clock warning, its first line" "Jam komputer ini tertinggal dari perubahan yang sudah tercatat."
expect_screen "... and its end on the next line, not cut off" "sebelum memasukkan data."
scr=$(s_screen)
line1=$(printf '%s\n' "$scr" | grep -n "Jam komputer ini" | cut -d: -f1)
line2=$(printf '%s\n' "$scr" | grep -n "sebelum memasukkan data" | cut -d: -f1)
expect_eq "the two lines end just above the key bar" "$line1 $line2" "22 23"
expect_no_match "no line is wider than the screen" "$(printf '%s\n' "$scr" | awk 'length > 80')" .
s_keys Down
if s_wait_gone "Jam komputer ini"; then t_ok "the next key clears it"
else t_fail "the next key clears it" "$(s_screen)"; fi
expect_screen "... and the screen below is whole again" "12  Pengaturan"
# Pengaturan: each item's note whole beside it (the language's was cut at 80 columns).
s_keys 1 2
expect_screen "Pengaturan" "Kunci dan persetujuan dinas"
expect_match "the language item says what Enter does, whole" "$(s_screen)" \
	"3  Bahasa +Bahasa Indonesia \\(Enter: ganti\\) *$"
# A message box asks nothing: its key bar offers Enter to close it, not Ya/Tidak.
s_keys 2
expect_screen "Identitas dinas: a message box" "Replika:"
expect_match "its key bar: Enter Tutup" "$(s_screen | tail -1)" "^Enter Tutup *$"
s_keys Enter
if s_wait_gone "Replika:"; then t_ok "Enter closes it"; else t_fail "Enter closes it" "$(s_screen)"; fi
s_keys Escape
expect_screen "back home" "12  Pengaturan"
s_keys F10
s_wait 'PROMPT$' >/dev/null

s_type "$BANTU --lang en --db m.db"; s_keys Enter
expect_screen "in English too" "This computer's clock is behind changes already"
expect_screen "... whole" "the date"
s_keys F10
s_wait 'PROMPT$' >/dev/null
echo "1..$T_N"
