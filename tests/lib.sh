# tests/lib.sh: helpers for the shell suites. Source it; call ok/fail per check
# and finish with `done_testing`. Every suite gets its own scratch dir $T.
JIANBAO="${JIANBAO:-$PWD/jianbao}"
T=$(mktemp -d "${TMPDIR:-/tmp}/jbtest.XXXXXX")
trap 'rm -rf "$T"' EXIT
_pass=0
_fail=0
ok() { _pass=$((_pass + 1)); printf '  ok   %s\n' "$1"; }
fail() { _fail=$((_fail + 1)); printf '  FAIL %s\n' "$1"; [ -n "${2:-}" ] && printf '       %s\n' "$2"; }
check() { # check NAME CMD...: ok when CMD succeeds
	name=$1; shift
	if "$@" >"$T/.out" 2>&1; then ok "$name"; else fail "$name" "$(head -c 600 "$T/.out")"; fi
}
done_testing() {
	printf '  %d passed, %d failed\n' "$_pass" "$_fail"
	[ "$_fail" -eq 0 ]
}
