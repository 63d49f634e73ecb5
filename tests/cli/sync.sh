#!/bin/sh
# tests/cli/sync.sh - offline sync on the command line, end to end: keys, the
# approval of a district by the province, bundles both ways, idempotent imports,
# `office list`; and a real bundle tampered with (flipped bytes at many offsets,
# truncated at many lengths, appended bytes, swapped blocks), a bundle for another
# office, a revoked office's new bundle: each refused with exit 1 and a one-line
# reason, the database unchanged. Nothing personal readable in a bundle.
. "$(dirname "$0")/../lib.sh"
cd "$T_TMP" || exit 1

# run CMD...: runs the command; sets $rc, $out (stdout) and $err (stderr).
run() {
	"$@" >"$T_TMP/.out" 2>"$T_TMP/.err"
	rc=$?
	out=$(cat "$T_TMP/.out")
	err=$(cat "$T_TMP/.err")
}
# lines TEXT: how many lines TEXT has (0 when empty).
lines() { if [ -z "$1" ]; then echo 0; else printf '%s\n' "$1" | wc -l | tr -d ' '; fi; }
b() { "$BANTU" --lang en "$@"; }

# The reason of a refused import: its one line on stderr (ending "; nothing was imported").
reason() { printf '%s\n' "$err"; }

# state DB: what an import may not change when refused: the op count, the
# registry as exported, the offices and their status (a first bundle from an
# office not yet approved records its keys as pending: that is its purpose).
# state DB: every table but the log of bundles seen, the peers' acks and the
# offices, of which only those approved count (a first bundle records its sender
# as pending, to be approved).
state() {
	printf '%s ' "$(db_state "$1" bundle_log peer_ack office)"
	sql "$1" "SELECT code, status, hex(sign_pk), hex(box_pk), hex(cert) FROM office
		WHERE status <> 'pending' ORDER BY code" | cksum
}

# refused WHAT DB FILE [REGEX]: importing FILE into DB exits 1 with a one-line
# reason (matching REGEX when given) and leaves DB as it was.
refused() {
	what=$1 db=$2 file=$3 want=${4:-}
	before=$(state "$db")
	run b --db "$db" bundle import "$file"
	r=$(reason)
	after=$(state "$db")
	if [ "$rc" -ne 1 ]; then
		t_fail "$what: refused with exit 1" "exit $rc" "$out" "$err"
	elif [ "$(lines "$r")" -ne 1 ]; then
		t_fail "$what: a one-line reason" "$(lines "$r") lines:" "$err"
	elif [ -n "$want" ] && ! printf '%s\n' "$r" | grep -Eq -- "$want"; then
		t_fail "$what: the reason says /$want/" "$r"
	elif [ "$before" != "$after" ]; then
		t_fail "$what: the database is unchanged" "before: $before" "after:  $after" "$r"
	else
		t_ok "$what: refused ($(printf '%s' "$r" | cut -c1-90)), nothing written"
	fi
}

# ---- keys ----
run b --db p.db init --office 18
expect_eq "init --office 18 (the province) exits 0" "$rc" 0
run b --db p.db keys export -o prov.keys
expect_eq "keys export exits 0" "$rc" 0
expect_match "keys export writes a public keys file" "$(head -1 prov.keys)" '^bantu-office-keys 1$'
expect_no_match "the public keys file holds no secret key" "$(cat prov.keys)" '_sk|secret'
if [ "$(stat -c %a p.db.keys 2>/dev/null)" = 600 ]; then t_ok "the secret key file is mode 0600"
else t_fail "the secret key file is mode 0600" "$(ls -l p.db.keys 2>&1)"; fi
run b --db p.db keys fingerprint
expect_eq "keys fingerprint exits 0" "$rc" 0
pfp=$out
expect_eq "keys fingerprint prints one line" "$(lines "$out")" 1
expect_match "the fingerprint alone, short (XXXX-XXXX-XXXX-XXXX)" "$out" '^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$'
expect_match "the keys file names the same fingerprint" "$(cat prov.keys)" "$pfp"

run b --db d.db init --office 18.71 --province-key prov.keys
expect_eq "init --office 18.71 --province-key exits 0" "$rc" 0
run b --db d.db keys fingerprint
dfp=$out
expect_match "the district has its own fingerprint" "$dfp" '^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$'
if [ "$dfp" != "$pfp" ]; then t_ok "the district's keys are not the province's"
else t_fail "the district's keys are not the province's" "$dfp"; fi
run b --db d.db office list
expect_match "the district knows its province" "$out" "^18 +province +$pfp"
run b --db x.db init --office 18 --province-key prov.keys
expect_eq "--province-key for a province is refused (usage)" "$rc" 2
run b --db y.db init --office 19.71 --province-key prov.keys
if [ "$rc" -ne 0 ] && printf '%s' "$err" | grep -q 'not of province 19'; then
	t_ok "keys of province 18 for a district of 19 are refused"
else t_fail "keys of province 18 for a district of 19 are refused" "exit $rc" "$err"; fi

# ---- the district's first bundle, approval ----
run b --db d.db demo --umkm 40
expect_eq "demo data at the district" "$rc" 0
dops=$(sql d.db 'SELECT count(*) FROM op')
run b --db d.db bundle export --to 18 -o d1.bundle
expect_eq "bundle export --to 18 exits 0" "$rc" 0
expect_match "bundle export says how many changes, for whom" "$out" "^d1.bundle: $dops changes for office 18\$"
refused "the first bundle of an office not yet approved" p.db d1.bundle \
	"office 18.71 is not approved \\(fingerprint $dfp\\).*bantu office approve 18.71 $dfp"
run b --db p.db office list
expect_match "office list: 18.71 pending, with its fingerprint" "$out" "^18.71 +pending +$dfp"
run b --db p.db office approve 18.71 AAAA-BBBB-CCCC-DDDD
if [ "$rc" -eq 1 ] && [ "$(lines "$err")" -eq 1 ] && printf '%s' "$err" | grep -q "$dfp"; then
	t_ok "approve with a wrong fingerprint: exit 1, one line naming the right one"
else t_fail "approve with a wrong fingerprint: exit 1, one line naming the right one" "exit $rc" "$err"; fi
run b --db p.db office list
expect_match "after a wrong fingerprint 18.71 is still pending" "$out" "^18.71 +pending"
run b --db p.db office approve 18.72 "$dfp"
expect_eq "approving an office that sent nothing exits 1" "$rc" 1
run b --db d.db office approve 18.71 "$dfp"
expect_eq "a district cannot approve offices" "$rc" 1
run b --db p.db office approve 18.71 "$dfp"
expect_eq "approve with the right fingerprint exits 0" "$rc" 0
run b --db p.db bundle import d1.bundle
expect_eq "the first bundle, imported again after approval, exits 0" "$rc" 0
expect_match "the summary counts the new changes" "$out" "^d1.bundle: $dops changes new, 0 already known, 0 refused"
expect_eq "the province holds the district's ops" "$(sql p.db 'SELECT count(*) FROM op')" "$dops"
expect_eq "the province's registry equals the district's" \
	"$(b --db p.db export-csv umkm | cksum)" "$(b --db d.db export-csv umkm | cksum)"
refused_before=$(state p.db)
run b --db p.db bundle import d1.bundle
expect_eq "re-import exits 0" "$rc" 0
expect_match "re-import: nothing new, all known" "$out" "0 changes new, $dops already known"
expect_eq "re-import changes nothing" "$(state p.db)" "$refused_before"

# ---- the province writes back ----
run b --db p.db demo --umkm 5 --koperasi 0
pops=$(sql p.db 'SELECT count(*) FROM op')
run b --db p.db bundle export --to 18.71 -o p1.bundle
expect_eq "the province exports to 18.71" "$rc" 0
run b --db d.db bundle import p1.bundle
expect_eq "the district imports the province's bundle" "$rc" 0
expect_eq "both hold the same ops" "$(sql d.db 'SELECT count(*) FROM op')" "$pops"
expect_eq "both registries are equal" \
	"$(b --db p.db export-csv umkm | cksum)" "$(b --db d.db export-csv umkm | cksum)"
run b --db p.db bundle export --to 18.71
expect_eq "export without -o exits 0" "$rc" 0
if ls bantu-18-to-18.71-*.bundle >/dev/null 2>&1; then t_ok "without -o the file name says from, to and when"
else t_fail "without -o the file name says from, to and when" "$(ls)"; fi
run b --db p.db office list
expect_match "office list (province): itself" "$out" "^18 +self +$pfp"
expect_match "office list (province): 18.71 approved" "$out" "^18.71 +approved +$dfp"
run b --db d.db office list
expect_match "office list (district): itself" "$out" "^18.71 +self +$dfp"
run b --db p.db bundle export --to 18.99 -o x.bundle
if [ "$rc" -eq 1 ] && [ ! -e x.bundle ]; then t_ok "export to an unknown office: exit 1, no file"
else t_fail "export to an unknown office: exit 1, no file" "exit $rc" "$err"; fi

# ---- nothing personal in a bundle ----
b --db d.db demo --umkm 30 --koperasi 2 --seed 7 >/dev/null 2>&1
b --db d.db export-csv umkm >d.csv
run b --db d.db bundle export --to 18 -o t.bundle
expect_eq "a second bundle from the district" "$rc" 0
leaks=0 probes=0
for row in 2 5 9 14 20 27 33; do
	line=$(sed -n "${row}p" d.csv)
	[ -n "$line" ] || continue
	nik=$(printf '%s\n' "$line" | grep -Eo '(^|,)[0-9]{16}(,|$)' | head -1 | tr -d ,)
	owner=$(printf '%s\n' "$line" | cut -d, -f2)
	for probe in "$nik" "$owner"; do
		[ -n "$probe" ] || continue
		probes=$((probes + 1))
		if grep -aqF -- "$probe" t.bundle; then leaks=$((leaks + 1)); echo "# found in the bundle: $probe"; fi
	done
done
if [ "$probes" -ge 10 ] && [ "$leaks" -eq 0 ]; then
	t_ok "no NIK and no name from export-csv is in the bundle file ($probes probes)"
else t_fail "no NIK and no name from export-csv is in the bundle file" "$probes probes, $leaks found"; fi
if grep -aq 'nama_usaha\|umkm\|CREATE TABLE\|SQLite format' t.bundle; then
	t_fail "the bundle shows no table or field name" "$(grep -ao 'nama_usaha\|umkm\|CREATE TABLE\|SQLite format' t.bundle | head -3)"
else t_ok "the bundle shows no table or field name"; fi

# ---- tampering: a real bundle (t.bundle: changes new to the province) ----
size=$(wc -c <t.bundle | tr -d ' ')
if [ "$size" -gt 20000 ]; then t_ok "the tampering sample is $size bytes"
else t_fail "the tampering sample is big enough" "$size bytes"; fi

# flip FILE OFFSET: complements one byte in place.
flip() {
	v=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' \n')
	printf "\\$(printf '%03o' $((v ^ 255)))" | dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
}
# One case: the checks on a tampered copy t2.bundle, one TAP line per failure and
# one summary line per kind (so the log stays short).
bad=0 cases=0 firstbad=""
base=$(state p.db)
tampered() {
	cases=$((cases + 1))
	run b --db p.db bundle import t2.bundle
	r=$(reason)
	problem=""
	if [ "$rc" -ne 1 ]; then problem="exit $rc"
	elif [ "$(lines "$r")" -ne 1 ]; then problem="$(lines "$r") lines of reason"
	elif ! printf '%s' "$r" | grep -q 't2.bundle'; then problem="the reason does not name the file"
	fi
	if [ -z "$problem" ] && [ "$(state p.db)" != "$base" ]; then problem="the database changed"; fi
	if [ -n "$problem" ]; then
		bad=$((bad + 1))
		[ -n "$firstbad" ] || firstbad="$1: $problem: $r"
		t_fail "tampered bundle ($1) refused before any write" "$problem" "$out" "$err"
		base=$(state p.db)
	fi
}
summary() {
	if [ "$bad" -eq 0 ] && [ "$cases" -gt 0 ]; then t_ok "$1: $cases cases refused, exit 1, one-line reason, nothing written"
	else t_fail "$1: $bad of $cases cases not refused cleanly" "$firstbad"; fi
	bad=0 cases=0 firstbad=""
}

# Flipped bytes: the whole clear header (magic, version, codes, keys, sealed key,
# stream header: about 200 bytes) every 7 bytes, then spread over the rest, and the
# signature at the end.
offsets="0 1 6 12 13 14 15 16 17 18 19 20 21 22 23 30 37 44 51 58 65 72 79 86 93 100 110 120 130 140 150 160 170 180 190 200 210"
i=1
while [ $i -le 18 ]; do offsets="$offsets $((200 + (size - 300) * i / 19))"; i=$((i + 1)); done
offsets="$offsets $((size - 70)) $((size - 64)) $((size - 40)) $((size - 2)) $((size - 1))"
n=0
for off in $offsets; do
	cp t.bundle t2.bundle
	flip t2.bundle "$off"
	tampered "byte $off flipped"
	n=$((n + 1))
done
summary "flipped bytes at $n offsets"

for len in 0 1 12 13 15 40 90 150 200 250 $((size / 4)) $((size / 2)) $((size * 3 / 4)) \
	$((size - 100)) $((size - 65)) $((size - 64)) $((size - 63)) $((size - 1)); do
	head -c "$len" t.bundle >t2.bundle
	tampered "truncated to $len bytes"
done
summary "truncated at 18 lengths"

cp t.bundle t2.bundle; printf 'x' >>t2.bundle; tampered "one byte appended"
cp t.bundle t2.bundle; head -c 1000 /dev/urandom >>t2.bundle; tampered "1000 random bytes appended"
cat t.bundle t.bundle >t2.bundle; tampered "the bundle twice in one file"
cp t.bundle t2.bundle; head -c 64 d1.bundle | tail -c 1 >>t2.bundle; tampered "a byte of another bundle appended"
summary "appended bytes"

# Swapped blocks: two 4096-byte blocks of the ciphertext exchanged (A before C).
swap() {
	a=$(($1 * 4096 + 300)) c=$(($2 * 4096 + 300))
	{ head -c "$a" t.bundle
	  tail -c +"$((c + 1))" t.bundle | head -c 4096
	  tail -c +"$((a + 4096 + 1))" t.bundle | head -c "$((c - a - 4096))"
	  tail -c +"$((a + 1))" t.bundle | head -c 4096
	  tail -c +"$((c + 4096 + 1))" t.bundle; } >t2.bundle
}
for pair in "0 1" "1 3" "2 5" "0 4"; do
	swap $pair
	if [ "$(wc -c <t2.bundle | tr -d ' ')" -ne "$size" ] || cmp -s t.bundle t2.bundle; then
		t_fail "swapping blocks $pair makes a different file of the same size"
	fi
	tampered "blocks $pair swapped"
done
summary "swapped blocks"

# A bundle from a trusted office goes straight to decryption while its signature
# is checked by a second thread: a flip in the middle still reads as a broken
# signature, first; with the key file gone too, the damage is named before the key.
cp t.bundle t2.bundle; flip t2.bundle $((size / 2))
refused "a flipped byte mid-file (trusted sender)" p.db t2.bundle 't2.bundle: damaged \(signature does not match\)'
mv p.db.keys p.db.keys.away
refused "a damaged bundle while the key file is away" p.db t2.bundle 't2.bundle: damaged \(signature does not match\)'
refused "a good bundle while the key file is away" p.db t.bundle "secret keys are missing"
mv p.db.keys.away p.db.keys

# The untouched bundle still imports: the tampering tests used a good sample.
run b --db p.db bundle import t.bundle
expect_eq "the untampered bundle imports after all that" "$rc" 0
expect_match "... with its changes new" "$out" '^t.bundle: [1-9][0-9]* changes new'
expect_eq "the registries are equal again" \
	"$(b --db p.db export-csv umkm | cksum)" "$(b --db d.db export-csv umkm | cksum)"
run b --db p.db bundle import t.bundle
expect_match "replayed: nothing new" "$out" '^t.bundle: 0 changes new'

# ---- a bundle for another office; a revoked office ----
run b --db e.db init --office 18.72 --province-key prov.keys
efp=$(b --db e.db keys fingerprint)
b --db e.db demo --umkm 3 --koperasi 0 --seed 3 >/dev/null 2>&1
e1_ops=$(sql e.db "SELECT count(*) FROM op WHERE office = '18.72'")  # the demo fills programs too
b --db e.db bundle export --to 18 -o e1.bundle >/dev/null 2>&1
refused "18.72's first bundle" p.db e1.bundle "18.72 is not approved \\(fingerprint $efp\\)"
run b --db p.db office approve 18.72 "$efp"
expect_eq "the province approves 18.72" "$rc" 0
run b --db p.db bundle import e1.bundle
expect_eq "18.72's first bundle imports after approval" "$rc" 0
run b --db p.db bundle export --to 18.72 -o for-e.bundle
refused "a bundle for 18.72 brought to 18.71" d.db for-e.bundle 'for office 18.72; this is office 18.71'
refused "a bundle for 18.72 brought back to the province" p.db for-e.bundle 'for office 18.72'
cp for-e.bundle renamed-for-d.bundle
refused "a bundle for 18.72 renamed" d.db renamed-for-d.bundle 'for office 18.72'
refused "the district's own bundle brought back to it" d.db t.bundle 'for office 18'
run b --db e.db bundle import for-e.bundle
expect_eq "18.72 imports its bundle" "$rc" 0
run b --db p.db office revoke 18.72
expect_eq "office revoke 18.72 exits 0" "$rc" 0
run b --db p.db office list
expect_match "office list: 18.72 revoked" "$out" "^18.72 +revoked"
b --db e.db demo --umkm 2 --koperasi 0 --seed 4 >/dev/null 2>&1
b --db e.db bundle export --to 18 -o e2.bundle >/dev/null 2>&1
refused "a revoked office's new bundle" p.db e2.bundle 'office 18.72 has been revoked'
run b --db p.db bundle export --to 18.72 -o e3.bundle
if [ "$rc" -eq 1 ] && [ ! -e e3.bundle ]; then t_ok "no bundle is written to a revoked office"
else t_fail "no bundle is written to a revoked office" "exit $rc" "$err"; fi
expect_eq "what 18.72 sent before its revocation stays" \
	"$(sql p.db "SELECT count(*) FROM op WHERE office = '18.72'")" "$(sql e.db "SELECT count(*) FROM op WHERE office = '18.72' AND seq <= $e1_ops")"
# A second database claiming to be 18.71, with other keys.
run b --db imp.db init --office 18.71 --province-key prov.keys
b --db imp.db demo --umkm 2 --koperasi 0 --seed 9 >/dev/null 2>&1
b --db imp.db bundle export --to 18 -o imp.bundle >/dev/null 2>&1
refused "a bundle of another database claiming office 18.71" p.db imp.bundle 'signed with other keys than office 18.71'

# ---- a first exchange bigger than the table it fills ----
# The province holds a few dozen UMKM; 18.01 brings 1,200: the import drops the
# table's secondary indexes and makes them again after the ops (one transaction).
indexes() { sql "$1" "SELECT name || ':' || sql FROM sqlite_schema WHERE type = 'index' ORDER BY name" | cksum; }
run b --db g.db init --office 18.01 --province-key prov.keys
b --db g.db demo --umkm 1200 --koperasi 0 --seed 11 >/dev/null 2>&1
b --db g.db bundle export --to 18 -o g1.bundle >/dev/null 2>&1
b --db p.db bundle import g1.bundle >/dev/null 2>&1
b --db p.db office approve 18.01 "$(b --db g.db keys fingerprint)" >/dev/null 2>&1
before_idx=$(indexes p.db)
roots() { sql "$1" "SELECT group_concat(name || '@' || rootpage, ' ') FROM (SELECT name, rootpage FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'umkm' AND sql IS NOT NULL ORDER BY name)"; }
before_roots=$(roots p.db)
rows=$(sql p.db "SELECT count(*) FROM umkm")
run b --db p.db bundle import g1.bundle
expect_eq "18.01's 1,200 UMKM import into a province holding $rows" "$rc" 0
expect_eq "... every index is there again, as it was" "$(indexes p.db)" "$before_idx"
if [ "$(roots p.db)" != "$before_roots" ]; then t_ok "... made anew (the umkm indexes have new root pages)"
else t_fail "... made anew (the umkm indexes have new root pages)" "$before_roots"; fi
after_roots=$(roots p.db)
run b --db p.db bundle import g1.bundle
expect_match "the same bundle again: nothing new" "$out" '^g1.bundle: 0 changes new'
expect_eq "... and the indexes are left alone (known ops do not count)" "$(roots p.db)" "$after_roots"
run b --db p.db check
expect_eq "... and bantu check (integrity_check: every index matches its table) passes" "$rc" 0
kab=$(sql g.db "SELECT kabupaten_kota FROM umkm WHERE deleted = 0 LIMIT 1")
expect_eq "... a list by kabupaten (through its index) finds 18.01's records" \
	"$(sql p.db "SELECT count(*) FROM umkm INDEXED BY umkm_kab WHERE kabupaten_kota = '$kab' AND deleted = 0 AND id IN (SELECT record FROM op WHERE office = '18.01')")" \
	"$(sql g.db "SELECT count(*) FROM umkm WHERE kabupaten_kota = '$kab' AND deleted = 0")"

# ---- the province's relay and a final check ----
run b --db p.db bundle export --to 18.71 -o p2.bundle
run b --db d.db bundle import p2.bundle
expect_eq "the district imports the province's last bundle" "$rc" 0
expect_eq "the district holds 18.72's changes, relayed" \
	"$(sql d.db "SELECT count(*) FROM op WHERE office = '18.72'")" "$(sql p.db "SELECT count(*) FROM op WHERE office = '18.72'")"
for db in p.db d.db e.db g.db; do
	run b --db "$db" check
	if [ "$rc" -eq 0 ]; then t_ok "bantu check passes on $db"; else t_fail "bantu check passes on $db" "$out" "$err"; fi
done
echo "1..$T_N"
