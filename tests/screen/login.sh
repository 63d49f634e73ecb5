#!/bin/sh
# Screen tests of officers at 80x24: the login once accounts exist (the PIN never
# shown), a wrong PIN, the lock after max_attempts, the idle lock over a half-typed
# form that comes back whole after the PIN, what an operator is not offered and is
# refused, and an admin adding an account in Pengaturan.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.lib"
export NO_COLOR=1

cat >"$T_TMP/c.yaml" <<'YAML'
login:
  max_attempts: 3
  idle_lock_seconds: 3
YAML
db="$T_TMP/l.db"
printf '4826\n' | "$BANTU" --db "$db" init --office 18.71 --admin boss >/dev/null 2>&1
printf '4826\n1111\n' | "$BANTU" --db "$db" --officer boss --pin-file - officer add budi --name "Budi Santoso" --role operator >/dev/null 2>&1
printf '4826\n3333\n' | "$BANTU" --db "$db" --officer boss --pin-file - officer add ani --role pimpinan >/dev/null 2>&1
printf '4826\n2222\n' | "$BANTU" --db "$db" --officer boss --pin-file - officer add sri --role petugas >/dev/null 2>&1
printf '4826\n' | "$BANTU" --db "$db" --officer boss --pin-file - demo --umkm 1 --koperasi 0 >/dev/null 2>&1
expect_eq "four accounts made" "$(sql "$db" "SELECT count(*) FROM account")" 4

s_start
s_type "$BANTU --db l.db --config c.yaml"; s_keys Enter
expect_screen "the session starts at the login" "Ketik nama pengguna dan PIN Anda."
s_golden "the login screen at 80x24" login.txt

# ---- a wrong PIN, then the right one; the PIN is never shown ----
s_type budi; s_keys Enter; s_type 9876
expect_screen "the PIN shows as stars" "PIN:        ****"
expect_no_match "the PIN itself is not on the screen" "$(s_screen)" 9876
s_keys Enter
expect_screen "a wrong PIN is refused with the tries left" "sisa 2 dari 3 percobaan"
expect_no_match "still at the login after a wrong PIN" "$(s_screen)" "Data UMKM"
s_type 1111; s_keys Enter
expect_screen "the right PIN opens the home menu" "Data UMKM"
expect_screen "the officer is welcomed by name" "Selamat datang, Budi Santoso (operator)."
expect_eq "a right PIN clears the failures" "$(sql "$db" "SELECT failures FROM account WHERE username='budi'")" 0

# ---- an operator is not offered sync, and Pengaturan's accounts refuse ----
expect_screen "Sinkronisasi is marked as not for an operator" "bukan untuk peran Anda"
s_keys 1 0
expect_screen "opening Sinkronisasi is refused with a message" "budi (operator) tidak boleh mengekspor"
s_keys 1 2
expect_screen "Pengaturan opens" "Akun petugas"
expect_screen "Pengaturan says who is working" "Bekerja sebagai Budi Santoso (budi), peran operator."
s_keys 1
expect_screen "an operator is refused the accounts" "budi (operator) tidak boleh mengelola akun"
s_keys 4
expect_screen "the settings in effect with their origin" "login.idle_lock_seconds = 3"
expect_screen "a file's setting names its file and line" "c.yaml:3"
expect_match "the office in effect is the database's (the file's is init's default)" \
	"$(s_screen)" "office.code = 18.71 +basis data"
s_keys Escape Escape

# ---- an operator edits but is not offered delete ----
s_keys 1 Enter
expect_screen "UMKM list" "Cari:"
s_keys Enter
expect_screen "a record opens; an operator is offered edit" "F6 Ubah"
scr=$(s_screen)
expect_no_match "an operator is not offered delete" "$(printf '%s\n' "$scr" | tail -1)" "Hapus"
s_keys F8
expect_screen "F8 says the operator may not delete" "(operator) tidak boleh menghapus atau memulihkan data"
expect_no_match "... and deletes nothing" "$(s_screen)" "Mengapa data ini dihapus"
s_keys Escape
expect_screen "back in the list" "Cari:"
s_keys F7
expect_screen "the deleted records" "Terhapus"
s_keys F9
expect_screen "F9 in the deleted list says the operator may not restore" "(operator) tidak boleh menghapus atau memulihkan"
s_keys F7
expect_screen "back to the active records" "F5 Tambah"

# ---- the idle lock keeps a half-typed form ----
s_keys F5
expect_screen "new form" "data baru"
s_type "Warung Setengah"
expect_screen "the idle session locks after 3 s" "Layar terkunci"
expect_no_match "the locked screen hides the form" "$(s_screen)" "Warung Setengah"
s_type 0000; s_keys Enter
expect_screen "a wrong PIN does not unlock" "sisa 2 dari 3 percobaan"
s_type 1111; s_keys Enter
expect_screen "the right PIN brings the form back" "Warung Setengah"
scr=$(s_screen)
expect_match "the form is the same new record" "$scr" "UMKM: data baru"
s_keys Tab; s_type "Sri"
expect_screen "typing goes on in the form" "Sri"
s_keys F10
expect_screen "quitting asks about the unsaved form" "buang perubahan pada data ini?"
s_keys y
expect_screen "Bantu ended" 'PROMPT$'

# ---- lockout after max_attempts ----
s_type "$BANTU --db l.db --config c.yaml"; s_keys Enter
expect_screen "login again" "Ketik nama pengguna dan PIN Anda."
s_type ani; s_keys Enter; s_type 1000; s_keys Enter
expect_screen "first wrong PIN" "sisa 2 dari 3"
s_type 2000; s_keys Enter
expect_screen "second wrong PIN" "sisa 1 dari 3"
s_type 3000; s_keys Enter
expect_screen "the third wrong PIN locks the account" "akun 'ani' terkunci"
expect_eq "the lock is stored" "$(sql "$db" "SELECT locked FROM account WHERE username='ani'")" 1
s_type 3333
# Typing clears the message: the refusal below is a new one.
expect_screen "the right PIN typed" "PIN:        ****"
expect_no_match "... the message cleared" "$(s_screen)" "akun 'ani' terkunci"
s_keys Enter
expect_screen "a locked account refuses even its right PIN" "akun 'ani' terkunci"
expect_no_match "still at the login" "$(s_screen)" "Data UMKM"

# ---- an admin adds an account in Pengaturan ----
s_keys C-u Tab C-u; s_type boss; s_keys Enter; s_type 4826; s_keys Enter
expect_screen "the admin logs in" "Selamat datang, boss (admin)."
s_keys 1 2 1
expect_screen "the admin sees the accounts" "Budi Santoso"
s_keys F5
expect_screen "new account: username" "Nama pengguna (huruf kecil"
s_type dewi; s_keys Enter
expect_screen "new account: name" "Nama lengkap:"
s_type "Dewi Lestari"; s_keys Enter
expect_screen "new account: role" "Peran (operator"
s_type petugaz; s_keys Enter
expect_screen "an unknown role is refused inside the prompt" "peran 'petugaz' tidak dikenal"
s_keys BSpace; s_type s; s_keys Enter
expect_screen "new account: PIN" "PIN (paling sedikit 4 karakter):"
s_type 12; s_keys Enter
expect_screen "a PIN too short is refused, asked again" "PIN harus paling sedikit 4 karakter"
expect_no_match "... the refused PIN is not shown either" "$(s_screen)" "\*\*"
s_type 5151
expect_screen "the new PIN typed, as stars" "****"
expect_no_match "the new PIN is not shown" "$(s_screen)" 5151
s_keys Enter; s_type 5151; s_keys Enter
expect_screen "the account is added" "Akun 'dewi' ditambahkan."
expect_screen "and listed" "Dewi Lestari"
expect_eq "dewi is a petugas" "$(sql "$db" "SELECT role FROM account WHERE username='dewi'")" petugas
s_keys Down Down F7
expect_screen "new PIN for the chosen account" "PIN baru untuk"
s_type 7373; s_keys Enter; s_type 7373; s_keys Enter
expect_screen "the new PIN is set" "PIN baru dipasang"
s_keys F10
expect_screen "Bantu ended again" 'PROMPT$'

# ---- a petugas syncs, but a backup (the office's secret keys) is the admin's ----
s_type "$BANTU --db l.db --config c.yaml"; s_keys Enter
expect_screen "login as the petugas" "Ketik nama pengguna dan PIN Anda."
s_type sri; s_keys Enter; s_type 2222; s_keys Enter
expect_screen "the petugas logs in" "(petugas)."
s_keys 1 0
expect_screen "Sinkronisasi opens for a petugas" "F6 Impor"
expect_no_match "F3 backup is not offered to a petugas" "$(s_screen | tail -1)" "F3"
s_keys F3
expect_screen "F3 says the petugas may not" "sri (petugas) tidak boleh mengelola akun"
s_keys F10
expect_screen "Bantu ended a third time" 'PROMPT$'

echo "1..$T_N"
