#!/bin/sh
# Screen tests of the stimulus and Kartu Prakerja programs at 80x24, keyboard
# alone: an application taken from diajukan to dicairkan through the list, the
# form and the approval screen with its budget meter, with an approval over the
# budget refused on the way; and a batch of prakerja referrals marked with Space
# and forwarded with one letter number and date.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.lib"
export BANTU_TODAY=2020-05-20 NO_COLOR=1
db="$T_TMP/p.db"

expect_ok "init" "$BANTU" --db "$db" init --office 18
printf 'nama_usaha,nama_pemilik,nik,kabupaten_kota\nWarung Sri,Sri Wahyuni,1871015503800001,18.71\nToko Budi,Budi Santoso,1871011203750002,18.71\nKedai Rina,Rina,1871014506850003,18.71\nBengkel Joko,Joko,1871011507820004,18.71\n' >"$T_TMP/u.csv"
expect_ok "four UMKM" "$BANTU" --db "$db" import-csv umkm "$T_TMP/u.csv"
printf 'penerima,alasan,tanggal_rujukan\n18-U-000002,usaha tutup,06/05/2020\n18-U-000003,PHK,06/05/2020\n18-U-000004,usaha berhenti,07/05/2020\n' >"$T_TMP/r.csv"
expect_ok "three referrals" "$BANTU" --db "$db" import-csv prakerja "$T_TMP/r.csv"
printf 'programs:\n  stimulus:\n    budget: 1500000\n' >"$T_TMP/c.yaml"

s_start
s_type "$BANTU --lang en --config c.yaml --db p.db"; s_keys Enter
expect_screen "home" "Stimulus"
s_keys 5
expect_screen "the stimulus menu" "Approval and payment (budget meter)"
s_keys 1
expect_screen "the applications list" "Stimulus applications"
s_keys F5
expect_screen "a new application" "new record"
s_type "18-U-000001"; s_keys Enter
# What the save copies from the applicant shows as soon as it is chosen, for the
# clerk to compare with the paper form.
# (the picker lists "Warung Sri (18-U-000001)" while the keys arrive: wait for
# the owner, who shows only once the applicant is chosen)
scr=$(s_wait "Sri Wahyuni")
expect_match "the applicant's owner shows before the save" "$scr" "^Owner's name +Sri Wahyuni *$"
expect_match "and the owner's NIK" "$scr" "^Owner's NIK +1871015503800001 *$"
s_type "04/05/2020"  # complete: moves on
s_type "2000000"; s_keys Enter
s_type "1,2,3,4,5"; s_keys Enter
s_type "BRI"; s_keys Enter
s_type "0123456789"; s_keys Enter
s_type "Sri Wahyuni"; s_keys Enter
s_keys F2
expect_screen "saved" "Saved: 18-S-000001"
scr=$(s_wait "proposed")
expect_match "listed as proposed, in a status column as wide as its words" "$scr" \
	"^Warung Sri {25}proposed +Kota Bandar Lampung +18-S-000001 *$"
expect_match "the list's headings fit (\"Reg. no.\" whole)" "$scr" \
	"^Business name +Status +Regency/city +Reg\. no\. *$"
expect_eq "stored as diajukan" "$(sql "$db" "SELECT status FROM stimulus")" diajukan

# verification: status 2 (verified), its date and visit note
s_keys Enter
expect_screen "the application's view" "Warung Sri"
s_keys F6
expect_screen "edit" "edit 18-S-000001"
s_keys Enter Enter Enter Enter Enter Enter Enter C-u
s_type "2"
s_type "10/05/2020"  # complete: moves on
s_type "dikunjungi, pemilik ada"; s_keys Enter
s_keys F2
expect_screen "verified" "Saved"
expect_eq "stored as diverifikasi" "$(sql "$db" "SELECT status FROM stimulus")" diverifikasi
s_keys Escape
expect_screen "back in the list" "verified"
s_keys Escape
expect_screen "the stimulus menu again" "Approval and payment"

# the approval screen: the meter, and an approval over the budget refused
s_keys 2
expect_screen "the approval screen" "waiting for a decision"
expect_screen "the budget meter" "Budget Rp1.500.000  Approved Rp0  Paid Rp0"
expect_screen "the kabupaten/kota line" "Kota Bandar Lampung: no quota"
expect_screen "the verified application waits" "Warung Sri"
expect_match "... in columns, the amount asked aligned right under its heading" "$(s_screen)" \
	"Warung Sri +Kota Bandar Lampung +Rp[0-9.]+\$"
expect_no_match "... no empty column of the amount approved while none is" "$(s_screen)" "Amount approved"
s_keys Enter
expect_screen "its form" "edit 18-S-000001"
s_keys Enter Enter Enter Enter Enter Enter Enter C-u
s_type "3"
s_keys Enter Enter
s_type "2000000"; s_keys Enter
s_type "15/05/2020"  # complete: moves on
s_keys F2
expect_screen "an approval over the budget is refused" "over the budget"
expect_eq "nothing stored" "$(sql "$db" "SELECT status || coalesce(jumlah_disetujui, '-') FROM stimulus")" "diverifikasi-"
s_keys C-u
s_type "1500000"
s_keys F2
expect_screen "approved within the budget" "Saved"
expect_screen "the meter shows it" "Approved Rp1.500.000"
expect_screen "the kabupaten/kota line: nothing waits here now" "No application is waiting"

# payment
s_keys Tab
expect_screen "waiting for payment" "waiting for payment"
expect_screen "the approved application" "Rp1.500.000"
expect_match "... with the amount approved, right-aligned" "$(s_screen)" \
	"Warung Sri +Kota Bandar Lampung +Rp[0-9.]+ +Rp1.500.000\$"
s_keys Enter
expect_screen "its form" "edit 18-S-000001"
s_keys Enter Enter Enter Enter Enter Enter Enter C-u
s_type "5"
s_keys Enter Enter Enter Enter Enter
s_type "1"
s_type "2000000"; s_keys Enter
s_type "20/05/2020"  # complete: moves on
s_type "TRF-0001"; s_keys Enter
s_keys F2
expect_screen "a payment above the approval is refused" "more than the amount approved"
s_keys C-u
s_type "1500000"
s_keys F2
expect_screen "paid" "Saved"
expect_screen "the meter counts the payment" "Paid Rp1.500.000"
expect_eq "stored as dicairkan, paid in full" \
	"$(sql "$db" "SELECT status, jumlah_dibayar, cara_bayar FROM stimulus")" "dicairkan|1500000|transfer"
s_keys Escape
expect_screen "the menu" "Approval and payment"
s_keys Escape
expect_screen "home" "Kartu Prakerja"

# prakerja: mark two of three referrals, forward them with one letter
s_keys 8
expect_screen "the prakerja menu" "Forward referrals in a batch"
s_keys 2
expect_screen "the referrals waiting" "0 marked of 3"
s_keys Space Space
expect_screen "two marked" "2 marked of 3"
s_keys F5
expect_screen "asks the letter number" "Letter number:"
s_type "560/7/DKUKM/2020"; s_keys Enter
expect_screen "asks the letter date" "Letter date"
s_type "19/15/2020"; s_keys Enter
expect_screen "a wrong letter date is refused inside the prompt" "19/15/2020: there is no month 15"
expect_match "... the marks are kept meanwhile" "$(s_screen)" "2 marked of 3"
s_keys BSpace BSpace BSpace BSpace BSpace BSpace BSpace
s_type "05/2020"; s_keys Enter
expect_screen "forwarded together" "2 referrals forwarded with letter 560/7/DKUKM/2020."
expect_screen "one is left" "0 marked of 1"
expect_eq "two stored as diteruskan with the letter and date" \
	"$(sql "$db" "SELECT count(*) FROM prakerja WHERE status = 'diteruskan' AND nomor_surat = '560/7/DKUKM/2020' AND tanggal_diteruskan = '2020-05-19'")" 2
s_keys F10
s_wait 'PROMPT$' >/dev/null
out=$("$BANTU" --db "$db" export-csv prakerja --surat 560/7/DKUKM/2020)
expect_eq "the letter's list has the two" "$(printf '%s\n' "$out" | grep -vc '^"\{0,1\}#')" 3
echo "1..$T_N"
