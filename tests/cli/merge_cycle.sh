#!/bin/sh
# tests/cli/merge_cycle.sh - merges made both ways by two offices. The district
# merges A into B while the province merges B into A; after the exchange each
# record's merged_into names the other. Every office must still show the
# business once: the member with the smaller id, the other merged into it, the
# same on both; `conflicts` lists the cycle, `check` names it and verifies it;
# resolving it (keep the other) travels like any change.
. "$(dirname "$0")/../lib.sh"
cd "$T_TMP" || exit 1

run() {
	"$@" >"$T_TMP/.out" 2>"$T_TMP/.err"
	rc=$?
	out=$(cat "$T_TMP/.out")
	err=$(cat "$T_TMP/.err")
}
b() { "$BANTU" --lang en "$@"; }
# shown DB: the registration numbers an export lists, sorted, on one line.
shown() { b --db "$1" export-csv umkm 2>/dev/null | grep -Eo '18\.71-U-[0-9]+' | sort | tr '\n' ' '; }
# exchange: district -> province -> district.
exchange() {
	b --db d.db bundle export --to 18 -o d.bundle >/dev/null 2>&1 &&
	b --db p.db bundle import d.bundle >/dev/null 2>&1 &&
	b --db p.db bundle export --to 18.71 -o p.bundle >/dev/null 2>&1 &&
	b --db d.db bundle import p.bundle >/dev/null 2>&1
}

b --db p.db init --office 18 >/dev/null 2>&1
b --db p.db keys export -o prov.keys >/dev/null 2>&1
b --db d.db init --office 18.71 --province-key prov.keys >/dev/null 2>&1
b --db d.db demo --umkm 3 --koperasi 0 >/dev/null 2>&1
b --db d.db bundle export --to 18 -o d0.bundle >/dev/null 2>&1
b --db p.db bundle import d0.bundle >/dev/null 2>&1
b --db p.db office approve 18.71 "$(b --db d.db keys fingerprint)" >/dev/null 2>&1
exchange
expect_eq "both offices hold the district's three businesses" "$(shown p.db)" "$(shown d.db)"
A=18.71-U-000001 B=18.71-U-000002
ida=$(sql d.db "SELECT lower(hex(id)) FROM umkm WHERE reg_no = '$A'")
idb=$(sql d.db "SELECT lower(hex(id)) FROM umkm WHERE reg_no = '$B'")
if [ "$ida" \< "$idb" ]; then small=$A big=$B; else small=$B big=$A; fi

expect_ok "the district merges A into B" b --db d.db duplicates merge $B $A
expect_ok "the province merges B into A" b --db p.db duplicates merge $A $B
exchange
expect_eq "after the exchange the province shows the member with the smaller id, once" \
	"$(shown p.db)" "$small 18.71-U-000003 "
expect_eq "the district shows the same" "$(shown d.db)" "$small 18.71-U-000003 "
for db in p.db d.db; do
	smallid=$(sql $db "SELECT lower(hex(id)) FROM umkm WHERE reg_no = '$small'")
	expect_eq "$db: the other is merged into it" \
		"$(sql $db "SELECT merged_into FROM umkm WHERE reg_no = '$big'")" "$smallid"
	run b --db $db check
	expect_eq "$db: check passes (the shown member derived again from the log)" "$rc" 0
	expect_match "$db: check counts the business once" "$out" "ok \\(2 UMKM"
	expect_match "$db: check names the cycle" "$err" \
		"note: umkm records merged into each other \\($small -> $big -> \\.\\.\\.\\)"
	run b --db $db conflicts
	expect_match "$db: conflicts lists the cycle" "$out" \
		"^umkm $smallid $small .*merged_into: merged into each other"
	expect_match "$db: with both members, the shown one marked" "$out" "^  \\* $small "
	expect_match "$db: one conflict" "$err" "^1 conflict"
done
run b --db p.db conflicts resolve umkm $small merged_into $big
expect_eq "the province resolves it: keep the other" "$rc" 0
exchange
for db in p.db d.db; do
	expect_eq "$db: now the other is shown, once" "$(shown $db)" "$big 18.71-U-000003 "
	run b --db $db conflicts
	expect_match "$db: no conflict left" "$err" "^0 conflicts"
	expect_ok "$db: check passes" b --db $db check
done
expect_eq "no cycle is kept aside any more" "$(sql d.db 'SELECT count(*) FROM merge_cycle')" 0
echo "1..$T_N"
