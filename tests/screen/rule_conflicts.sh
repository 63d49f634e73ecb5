#!/bin/sh
# Screen test of rule conflicts on Konflik (80x24): approvals over the budget
# (the laptop's budget lowered below what is approved) are listed read-only
# under the field conflicts with their records ('!' held back) and what to do;
# Enter on one says how a rule conflict is settled instead of resolving a field.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.lib"
export BANTU_TODAY=2020-06-25 NO_COLOR=1
db="$T_TMP/p.db"

expect_ok "init" "$BANTU" --db "$db" init --office 18
expect_ok "demo" "$BANTU" --db "$db" demo --umkm 120 --koperasi 0
paid=$(sql "$db" "SELECT coalesce(sum(jumlah_disetujui), 0) FROM stimulus WHERE deleted = 0 AND status = 'dicairkan'")
printf 'programs:\n  stimulus:\n    budget: %s\n' "$((paid + 1))" >"$T_TMP/c.yaml"

s_start
s_type "BANTU_MEDIA_DIRS=$T_TMP/usb $BANTU --lang en --config c.yaml --db p.db"; s_keys Enter
expect_screen "home" "Bantu - Dinas"
s_keys 1 0
expect_screen "Sinkronisasi" "Synchronisation - office"
s_keys F4
expect_screen "Konflik lists the rule conflict" "approved against a budget of Rp"
expect_screen "... its records, held back" "! Stimulus applications"
expect_screen "... and what to do" "To do: refuse or lower the approvals marked"
s_keys Enter
expect_screen "Enter says how it is settled" "settled by editing or deleting one of its"
s_keys F10
s_wait_prompt
