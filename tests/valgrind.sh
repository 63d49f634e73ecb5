#!/bin/sh
# tests/valgrind.sh BUILD [PATTERN...] - the unit, command-line and screen tests
# of BUILD under valgrind (memcheck, full leak check): every run of a unit test
# binary and of bantu goes through valgrind with a log per process; a suite fails
# as usual, and any valgrind error or definite leak in any process is one more
# failure, listed with the head of its log. `make valgrind` runs it on everything;
# PATTERNs (suite file names, as TESTS= of tests/run.sh) run a subset. The screen
# tests run too (VALGRIND_SCREENS=no leaves them out). Ends with "N passed, N
# failed"; exit 1 when anything failed.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
build=${1:-build}
shift 2>/dev/null || true
if ! command -v valgrind >/dev/null 2>&1; then
	echo "valgrind is not installed (scripts/deps.sh installs it)" >&2
	exit 1
fi
vg=$(mktemp -d "${TMPDIR:-/tmp}/bantu-vg.XXXXXX")
wb=$build/valgrind   # the wrapper build, relative as tests/run.sh wants it
trap 'rm -rf "$vg" "$wb"' EXIT
rm -rf "$wb"
mkdir -p "$wb/tests" "$vg/logs"
# Suppressions none: libsodium, SQLite, libyaml and ncurses run clean under memcheck.
VG="valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite --show-leak-kinds=definite --track-origins=no --num-callers=30 --log-file=$vg/logs/%p.log"

# A build directory whose bantu and unit tests are valgrind wrappers of BUILD's.
# bantu runs under valgrind the first $VALGRIND_SHAPES (3) times each shape of
# command line (the command words and option names, without values) comes in a
# suite, and natively after that: a loop of the same command on other data (89
# tampered bundles, 200 kills) adds little to what ASan and UBSan find in the same
# runs, and valgrind's own share (reads of uninitialised memory) is the path
# taken, which the first runs of each shape cover. Every unit test and every
# process of a screen test runs under valgrind. VALGRIND_ALL=1: every process.
mkdir -p "$vg/seen"
cat >"$wb/bantu" <<EOS
#!/bin/sh
case "\${BANTU_SUITE:-}" in screen/*) exec $VG "$top/$build/bantu" "\$@" ;; esac
if [ -z "\${VALGRIND_ALL:-}" ]; then
	shape="\${BANTU_SUITE:-}" prev=opt w=0
	for a; do
		case \$a in
		-*) shape="\$shape \${a%%=*}" prev=opt ;;
		*)
			[ \$prev = opt ] && { prev=val; continue; }
			prev=word
			case \$a in
			*[!a-z-]* | '') ;;
			*) [ \$w -lt 2 ] && shape="\$shape \$a" w=\$((w + 1)) ;;
			esac ;;
		esac
	done
	key=\$(printf '%s' "\$shape" | cksum | cut -d' ' -f1)
	n=1
	while [ \$n -le ${VALGRIND_SHAPES:-3} ]; do
		mkdir "$vg/seen/\$key.\$n" 2>/dev/null && exec $VG "$top/$build/bantu" "\$@"
		n=\$((n + 1))
	done
	echo >>"$vg/native"
	exec "$top/$build/bantu" "\$@"
fi
exec $VG "$top/$build/bantu" "\$@"
EOS
chmod +x "$wb/bantu"
printf '#!/bin/sh\nexec %s "%s" "$@"\n' "$VG" "$top/$build/gen-man-keys" >"$wb/gen-man-keys"
chmod +x "$wb/gen-man-keys"
for t in "$build"/tests/test_*; do
	[ -x "$t" ] || continue
	printf '#!/bin/sh\nexec %s "%s" "$@"\n' "$VG" "$top/$t" >"$wb/tests/$(basename "$t")"
	chmod +x "$wb/tests/$(basename "$t")"
done
ln -s "$top/$build/libbantu.a" "$wb/libbantu.a"
ln -s "$top/$build/locale" "$wb/locale"

# tests/run.sh on the wrapper build, the screens too (with a patient wait: a key
# takes a moment under valgrind). Long randomized runs are for the native and ASan
# builds: here fuzzing and the crash test do a few rounds, the bulk imports are small;
# BANTU_UNDER_VALGRIND=1 tells a suite to keep only its deterministic cases.
export SCREENS=${VALGRIND_SCREENS:-yes} S_TIMEOUT=60 FUZZ_RUNS=200 BANTU_TEST_BULK=2000 \
	BANTU_CRASH_ITER=8 BANTU_CRASH_UMKM=300 \
	BANTU_ROLES_SAMPLE=1 BANTU_UNDER_VALGRIND=1 BANTU_SYNC_SEEDS=2
status=0
out=$vg/run.out
if [ $# -eq 0 ]; then
	sh tests/run.sh "$wb" >"$out" 2>&1 || status=1
	sed '$d' "$out"
	pass=$(tail -1 "$out" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
	fail=$(tail -1 "$out" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
else
	pass=0 fail=0
	for pat in "$@"; do
		TESTS=$pat sh tests/run.sh "$wb" >"$out" 2>&1 || status=1
		sed '$d' "$out"
		pass=$((pass + $(tail -1 "$out" | sed -n 's/^\([0-9]*\) passed.*/\1/p')))
		fail=$((fail + $(tail -1 "$out" | sed -n 's/.* \([0-9]*\) failed$/\1/p')))
	done
fi

# Every process's log: an error summary above 0 or a definite leak fails.
nlogs=0 bad=0
for log in "$vg"/logs/*.log; do
	[ -f "$log" ] || continue
	nlogs=$((nlogs + 1))
	if grep -Eq 'ERROR SUMMARY: [1-9]|definitely lost: [1-9]|Invalid (read|write|free)|uninitialised' "$log" ||
	   [ -s "$log" ]; then
		bad=$((bad + 1))
		echo "not ok - valgrind: $(basename "$log" .log):"
		head -40 "$log" | sed 's/^/    /'
	fi
done
if [ "$bad" -eq 0 ]; then
	native=0
	[ -f "$vg/native" ] && native=$(wc -l <"$vg/native" | tr -d ' ')
	printf 'ok   %-40s %3d processes clean (%d more runs of a shape already seen ran natively)\n' \
		"valgrind logs" "$nlogs" "$native"
	pass=$((pass + 1))
else
	fail=$((fail + bad))
fi
echo "${pass:-0} passed, ${fail:-0} failed"
[ "$status" -eq 0 ] && [ "$bad" -eq 0 ]
