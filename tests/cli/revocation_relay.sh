#!/bin/sh
# tests/cli/revocation_relay.sh - a revocation holds whichever route the revoked
# office's changes take (issue 20). The province revokes 18.71: the revocation
# records, as a signed op of the province, the cut-off (the last change of
# 18.71 it held). 18.71 keeps working and sends its bundle to 18.72, which has
# not heard of the revocation and applies it; 18.72's next bundle relays those
# changes to the province, which keeps them in the log, out of its tables,
# listed as refused. The province's next bundle carries the revocation to
# 18.72, which folds them out again: both end with the same tables and the same
# refused list; what 18.71 did before the cut-off stays. A bundle whose sender
# is revoked is still refused whole.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/offices.lib"
cd "$T_TMP" || exit 1

offices 18.71 18.72
csv u1.csv "nama_usaha,nama_pemilik,nik,kabupaten_kota,telepon" \
	"Keripik Ani,Ani,1871016505900001,Kota Bandar Lampung,081234567801"
run b --db 18.71.db import-csv umkm u1.csv
expect_match "18.71 registers a business before its revocation" "$out" '1 added'
send 18.71 18
cut=$(sql 18.db "SELECT max(seq) FROM op WHERE office = '18.71'")

run b --db 18.db office revoke 18.71
expect_eq "the province revokes 18.71" "$rc" 0
expect_eq "the revocation is an op of the province naming the cut-off" \
	"$(sql 18.db "SELECT office, fields LIKE '%\"revoke\"%\"18.71\"%:$cut\"%' FROM op WHERE entity = '_decision'")" \
	"18|1"

# 18.71 keeps working: a new business and a change to its first one.
csv u2.csv "nama_usaha,nama_pemilik,nik,kabupaten_kota,telepon" \
	"Keripik Ani,Ani,1871016505900001,Kota Bandar Lampung,081299999999" \
	"Kopi Budi,Budi,1871011203850002,Kota Bandar Lampung,081234567802"
run b --db 18.71.db import-csv umkm u2.csv
expect_match "the revoked office keeps working" "$out" '1 added, 1 updated'
send 18.71 18.72
expect_eq "18.72, not having heard, applies them" \
	"$(sql 18.72.db "SELECT count(*) FROM umkm WHERE nama_usaha = 'Kopi Budi' OR telepon = '+6281299999999'")" 2

send 18.72 18
expect_match "the province imports 18.72's bundle, the relayed changes refused" "$out" ' 2 refused'
expect_match "... with the reason" "$out" "office 18\\.71 revoked at change $cut"
expect_eq "the province holds none of 18.71's business after the cut-off" \
	"$(sql 18.db "SELECT count(*) FROM umkm WHERE nama_usaha = 'Kopi Budi'")" 0
expect_eq "... nor its change" \
	"$(sql 18.db "SELECT telepon FROM umkm WHERE nama_usaha = 'Keripik Ani'")" "+6281234567801"
expect_eq "... both kept in the log, listed as refused" \
	"$(sql 18.db "SELECT count(*) FROM op_refused WHERE why LIKE 'office 18.71 revoked%' AND seq > $cut")" 2

send 18 18.72
expect_eq "18.72 folds them out when the revocation reaches it" \
	"$(sql 18.72.db "SELECT count(*) FROM umkm WHERE nama_usaha = 'Kopi Budi'") $(sql 18.72.db "SELECT telepon FROM umkm WHERE nama_usaha = 'Keripik Ani'")" \
	"0 +6281234567801"
same_tables "the province and 18.72 hold the same businesses" umkm 18.db 18.72.db
expect_eq "... and list the same refused changes" "$(refused_list 18.72.db)" "$(refused_list 18.db)"
for d in 18 18.72; do
	run b --db $d.db check
	expect_eq "office $d checks clean (the fold rebuilt agrees)" "$rc" 0
done

run b --db 18.72.db check --repair
expect_eq "check --repair rebuilds the tables without them too" \
	"$rc $(sql 18.72.db "SELECT count(*) FROM umkm WHERE nama_usaha = 'Kopi Budi'")" "0 0"
b --db 18.71.db bundle export --to 18 -o direct.bundle >/dev/null 2>&1
run b --db 18.db bundle import direct.bundle
expect_match "a bundle the revoked office sends itself is refused whole" "$err" \
	'office 18\.71 has been revoked'
echo "1..$T_N"
