#!/bin/sh
# A figure per kabupaten/kota at 80x24 keeps a blank between its columns: the
# total row of stimulus disbursed against its budget ("Rp38.000.000" and
# "Rp2.000.000.000", wider than the columns' least width) does not run together
# (issue 21: "Rp179.500.00Rp2.000.000.").
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.lib"
export BANTU_TODAY=2020-12-20 NO_COLOR=1
expect_ok "init" "$BANTU" --db "$T_TMP/f.db" init --office 18
expect_ok "demo" "$BANTU" --db "$T_TMP/f.db" demo --umkm 60 --koperasi 0 --seed 3
printf 'programs:\n  stimulus:\n    budget: 2000000000\n' >"$T_TMP/c.yaml"
s_start
s_type "$BANTU --db f.db --lang id --config c.yaml"; s_keys Enter
expect_screen "home menu" "Data UMKM"
s_keys 1 1
expect_screen "reports" "Stimulus dicairkan (Rp)"
s_keys Down Down Down Down Down Enter
expect_screen "the figure of stimulus disbursed" "Capaian"
scr=$(s_screen)
expect_match "the total row: value, budget and share apart" "$scr" \
	"^Jumlah +Rp[0-9.]+ Rp2\.000\.000\.000 +[0-9]+,[0-9]%"
expect_no_match "no two amounts run together" "$scr" "[0-9]Rp"
s_keys F10
s_wait 'PROMPT$' >/dev/null
s_stop
