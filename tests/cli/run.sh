#!/bin/sh
# run.sh MIMIC - `make check-cli`: the mimic command line on real files.
# `mimic info` (PE and ELF, --imports, malformed files), `mimic dis` (entry,
# --symbol, --at, errors) and that tests/bench/run.sh exits non-zero when a
# program under test fails (and zero when none does). Uses the unit tests'
# fixtures (build/tests/fixtures) and build/bench; each check is quick.
set -u
mimic=${1:?usage: run.sh MIMIC}
fix=build/tests/fixtures
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mimic-cli.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }

# run WANT_STATUS CMD...: runs CMD, stdout in $tmp/out, stderr in $tmp/err
run() {
    want=$1
    shift
    "$@" >"$tmp/out" 2>"$tmp/err"
    got=$?
    if [ "$got" = "$want" ]; then ok; else bad "$* exited $got, not $want: $(head -c 300 "$tmp/err")"; fi
}
# has FILE TEXT: FILE ($tmp/out or $tmp/err) holds the fixed string TEXT
has() {
    if grep -qF -- "$2" "$tmp/$1"; then ok; else bad "$(basename "$1") lacks '$2' (last command: $last)"; fi
}
hasnot() {
    if grep -qF -- "$2" "$tmp/$1"; then bad "$(basename "$1") has '$2' (last command: $last)"; else ok; fi
}
line_has() {   # line_has PATTERN TEXT: the output line matching PATTERN holds TEXT
    if grep -F -- "$1" "$tmp/out" | grep -qF -- "$2"; then ok; else bad "the line with '$1' lacks '$2' ($last)"; fi
}

# ---- the program itself ------------------------------------------------------------
last="mimic --version"; run 0 "$mimic" --version; has out "mimic "
last="mimic help"; run 0 "$mimic" help; has out "info [--imports] FILE"
last="mimic bogus"; run 2 "$mimic" bogus; has err "unknown command"

# ---- mimic info: PE --------------------------------------------------------------------
last="info fixexe_x86_64.exe"; run 0 "$mimic" info $fix/fixexe_x86_64.exe
has out "Format:       PE32+ (Windows executable)"
has out "Machine:      x86-64 (0x8664), 64-bit"
has out "Subsystem:    console (3)"
has out "Image base:   0x140000000"
has out ".text"
has out "fixdll.dll (3)"
has out "fix_add"
line_has "#7" "ordinal"
has out "Delay imports: 1 DLLs, 1 functions"
has out "MessageBeep"
has out "Resources:    3: STRING 1, RCDATA 2"
has out "callbacks"
hasnot out "[unimplemented]"

last="info fixdll_i686.dll"; run 0 "$mimic" info $fix/fixdll_i686.dll
has out "Format:       PE32 (Windows DLL)"
has out "Machine:      i386 (0x014c), 32-bit"
has out "Exports: 5 (1 forwarded), DLL name fixdll.dll, ordinal base 1"
line_has "fix_tick" "-> KERNEL32.GetTickCount"
line_has "    7 (no name)" "RVA 0x"

last="info --imports fiximp.exe"; run 0 "$mimic" info --imports $fix/fiximp.exe
line_has "MimicNeverImplemented" "[unimplemented]"
if grep -F "GetLastError" "$tmp/out" | grep -qF "[unimplemented]"; then bad "GetLastError is implemented"; else ok; fi
has out "1 of the 2 functions from built-in DLLs are unimplemented"

last="info --imports fixexe_x86_64.exe"; run 0 "$mimic" info --imports $fix/fixexe_x86_64.exe
line_has "fixdll.dll (3)" "[not built in"

# Malformed: the parser's message (file: structure: field) and exit 1.
head -c 300 $fix/fixexe_x86_64.exe >"$tmp/cut.exe"
last="info cut.exe"; run 1 "$mimic" info "$tmp/cut.exe"
has err "cut.exe: "
has err "header: "
cp $fix/fixexe_x86_64.exe "$tmp/badsec.exe"
# NumberOfSections (file header + 2) = 0xffff: the section table cannot fit.
lfanew=$(od -An -tu4 -j60 -N4 "$tmp/badsec.exe" | tr -d ' ')
printf '\377\377' | dd of="$tmp/badsec.exe" bs=1 seek=$((lfanew + 6)) conv=notrunc 2>/dev/null
last="info badsec.exe"; run 1 "$mimic" info "$tmp/badsec.exe"
has err "badsec.exe: file header: NumberOfSections 65535"
printf 'plain text\n' >"$tmp/text.txt"
last="info text.txt"; run 1 "$mimic" info "$tmp/text.txt"; has err "not a PE or ELF file"
last="info missing"; run 1 "$mimic" info "$tmp/missing.exe"
last="info (no file)"; run 2 "$mimic" info
last="info --bogus"; run 2 "$mimic" info --bogus $fix/fiximp.exe

# ---- mimic info: ELF ------------------------------------------------------------------
last="info /bin/ls"; run 0 "$mimic" info /bin/ls
has out "Format:       ELF64"
has out "Type:         DYN (PIE executable)"
has out "Interpreter:  /lib64/ld-linux-x86-64.so.2"
has out "libc.so.6"
has out "INTERP"
has out ".dynsym"
if [ -f /bin/busybox ]; then
    last="info /bin/busybox"; run 0 "$mimic" info /bin/busybox
    has out "Type:         EXEC (fixed-address executable)"
    has out "Interpreter:  none (static)"
    has out "Needed libraries: 0"
fi
head -c 100 /bin/ls >"$tmp/ls.cut"
last="info ls.cut"; run 1 "$mimic" info "$tmp/ls.cut"
has err "ls.cut: ELF header: e_shoff 0x"

# ---- mimic dis -------------------------------------------------------------------------
last="dis fixexe --symbol main -n 20"; run 0 "$mimic" dis $fix/fixexe_x86_64.exe --symbol main -n 20
has out "main at 0x"
has out "push"
has out "; KERNEL32.dll!GetTickCount"
n=$(grep -c '^  [0-9a-f]*:' "$tmp/out")
[ "$n" = 20 ] && ok || bad "dis -n 20 printed $n instructions"

last="dis fixexe (entry)"; run 0 "$mimic" dis $fix/fixexe_i686.exe -n 3
has out "entry point at 0x4014"
n=$(grep -c '^  [0-9a-f]*:' "$tmp/out")
[ "$n" = 3 ] && ok || bad "dis -n 3 printed $n instructions"

last="dis fixdll --symbol fix_add"; run 0 "$mimic" dis $fix/fixdll_x86_64.dll --symbol fix_add -n 2
has out "lea eax, [rcx + rdx]"
last="dis fixdll --symbol fix_tick"; run 1 "$mimic" dis $fix/fixdll_x86_64.dll --symbol fix_tick
has err "forwarded to KERNEL32.GetTickCount"
last="dis --at .data"; run 1 "$mimic" dis $fix/fixexe_x86_64.exe --at 0x140009000
has err "is in section .data, which is not code"
last="dis --at outside"; run 1 "$mimic" dis $fix/fixexe_x86_64.exe --at 0x10
has err "outside the image"
last="dis --symbol nosuch"; run 1 "$mimic" dis $fix/fixexe_x86_64.exe --symbol no_such_symbol
has err "no export or COFF symbol named no_such_symbol"
last="dis /bin/ls"; run 0 "$mimic" dis /bin/ls -n 2
has out "entry point at 0x"
last="dis /bin/ls --at 0"; run 1 "$mimic" dis /bin/ls --at 0
has err "not executable"
printf 'int add_one(int x) { return x + 1; }\n' >"$tmp/obj.c"
if cc -O1 -c -o "$tmp/obj.o" "$tmp/obj.c" 2>/dev/null; then
    last="info obj.o"; run 0 "$mimic" info "$tmp/obj.o"; has out "Type:         REL (object file)"
    last="dis obj.o --symbol add_one"; run 0 "$mimic" dis "$tmp/obj.o" --symbol add_one -n 2
    has out "add_one at 0x0"
    has out "lea eax, [rdi + 1]"
    last="dis obj.o --at 0x1000"; run 1 "$mimic" dis "$tmp/obj.o" --at 0x1000; has err "past the end of section .text"
fi
last="dis -n x"; run 2 "$mimic" dis /bin/ls -n x
last="dis --at and --symbol"; run 2 "$mimic" dis /bin/ls --at 0x10 --symbol main

# ---- mimic vm: options and kernels it refuses (no boot: tests/vm/ boots) -----------------
last="help lists vm"; run 0 "$mimic" help; has out "vm --kernel FILE"
last="vm --help"; run 0 "$mimic" vm --help; has out "Ctrl-A x ends the machine"
last="vm (no kernel)"; run 2 "$mimic" vm; has err "--kernel FILE is required"
last="vm --mem 12Q"; run 2 "$mimic" vm --kernel /bin/ls --mem 12Q; has err "--mem 12Q: not a size"
last="vm --accel tcg"; run 2 "$mimic" vm --kernel /bin/ls --accel tcg; has err "--accel tcg: soft or kvm"
last="vm --bogus"; run 2 "$mimic" vm --kernel /bin/ls --bogus; has err "unknown option '--bogus'"
last="vm --append (no value)"; run 2 "$mimic" vm --kernel /bin/ls --append; has err "--append needs a value"
last="vm 5 disks"; run 2 "$mimic" vm --kernel /bin/ls --disk a --disk b --disk c --disk d --disk=e; has err "--disk e: at most 4 disks"
last="vm --mem 4G"; run 1 "$mimic" vm --kernel /bin/ls --mem 4G; has err "--mem 4096M: must be"
last="vm missing kernel"; run 1 "$mimic" vm --kernel "$tmp/no-such-kernel"; has err "kernel $tmp/no-such-kernel: No such file"
last="vm /bin/ls"; run 1 "$mimic" vm --kernel /bin/ls; has err "/bin/ls: ELF header: e_type DYN"
last="vm text.txt"; run 1 "$mimic" vm --kernel "$tmp/text.txt"; has err "neither a bzImage"
# A bzImage whose setup header is cut short, and one from before protocol 2.06.
printf '\000%.0s' $(seq 1 $((0x1fe))) >"$tmp/bz"
printf '\125\252\353\146HdrS\005\002' >>"$tmp/bz"
last="vm old bzImage"; run 1 "$mimic" vm --kernel "$tmp/bz"; has err "bz: setup header: version 0x0205 < 2.06"
kernel=${MIMIC_VM_KERNEL:-build/deps/vm/vmlinuz}
if [ -f "$kernel" ]; then
    # Debian's kernel needs 74 MiB below its end: 64M of RAM is too little.
    last="vm --mem 64M"; run 1 "$mimic" vm --kernel "$kernel" --mem 64M
    has err "past the end of RAM (0x4000000): use a larger --mem"
    head -c 100000 "$kernel" >"$tmp/vmlinuz.cut"
    last="vm vmlinuz.cut"; run 1 "$mimic" vm --kernel "$tmp/vmlinuz.cut"; has err "vmlinuz.cut: setup header: payload_offset"
    last="vm --initrd missing"; run 1 "$mimic" vm --kernel "$kernel" --initrd "$tmp/no-initrd"; has err "initrd $tmp/no-initrd: No such file"
    # Ctrl-A x on stdin (a pipe: no raw mode) ends the machine at its first poll, status 0.
    printf 'ab\001x' >"$tmp/keys"
    last="vm Ctrl-A x"; run 0 sh -c '"$1" vm --kernel "$2" --append console=ttyS0 <"$3"' sh "$mimic" "$kernel" "$tmp/keys"
    has err "Ctrl-A x: machine stopped"
    has err "stopped from the console (Ctrl-A x)"
else
    echo "check-cli: note: no Debian kernel at $kernel (tests/vm/fetch-kernel.sh): mimic vm checks on it skipped" >&2
fi

# ---- mutants: info and dis print or refuse, never crash -------------------------------------
# 60 copies of the fixtures with 1-4 bytes of the headers and directories
# changed (fixed seed); exit status must be 0 or 1 (2+ is usage, 128+ a signal).
crashes=0
for f in $fix/fixexe_x86_64.exe $fix/fixdll_i686.dll /bin/ls; do
    size=$(wc -c <"$f")
    awk -v seed=$(wc -c <"$f") -v size="$size" 'BEGIN {
        srand(seed)
        for (m = 0; m < 20; m++) {
            n = 1 + int(rand() * 4); line = ""
            for (k = 0; k < n; k++) {
                lim = rand() < 0.7 ? (size < 4096 ? size : 4096) : size
                line = line " " int(rand() * lim) ":" int(rand() * 256)
            }
            print line
        }
    }' | while read -r edits; do
        cp "$f" "$tmp/mut"
        for e in $edits; do
            printf "\\$(printf %o "${e#*:}")" | dd of="$tmp/mut" bs=1 seek="${e%:*}" conv=notrunc 2>/dev/null
        done
        for cmd in "info --imports" "dis -n 5"; do
            "$mimic" $cmd "$tmp/mut" >/dev/null 2>"$tmp/err"
            st=$?
            if [ $st -gt 1 ]; then
                echo "FAIL: mimic $cmd on $(basename "$f") with bytes $edits changed: exit $st: $(head -c 300 "$tmp/err")" >&2
                echo x >>"$tmp/crashes"
            fi
        done
    done
done
if [ -s "$tmp/crashes" ]; then bad "mimic info/dis crashed on mutants"; else ok; fi

# ---- make bench notices a failing program ---------------------------------------------------
printf '#!/bin/sh\nexit 7\n' >"$tmp/failing-mimic"
printf '#!/bin/sh\nexec build/bench/hello.linux\n' >"$tmp/working-mimic"
chmod +x "$tmp/failing-mimic" "$tmp/working-mimic"
last="bench with a failing program"
run 1 env BENCH_NO_WINE=1 BENCH_RUNS=2 BENCH_RESULTS="$tmp/results.txt" sh tests/bench/run.sh "$tmp/failing-mimic" build/bench
has out "FAILED: exit status 7"
last="bench with working programs"
run 0 env BENCH_NO_WINE=1 BENCH_RUNS=2 BENCH_RESULTS="$tmp/results.txt" sh tests/bench/run.sh "$tmp/working-mimic" build/bench
has out "ratios (time): mimic/native"
[ -s "$tmp/results.txt" ] && ok || bad "bench wrote no results file"

echo "check-cli: $pass passed, $fail failed"
[ "$fail" = 0 ]
