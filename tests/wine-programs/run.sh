#!/bin/sh
# run.sh MIMIC [--wine] [CASE...] - run Wine's own console programs (Debian's
# wine64 ships them as PE files: cmd.exe, hostname.exe, reg.exe, attrib.exe,
# find.exe, xcopy.exe, fsutil.exe) under mimic and compare what they print
# with what they print under Wine.
#
#   CASE.expected   output of the case under Wine, volatile parts filtered
#                   (see filter below); --wine regenerates them (slow: Wine
#                   needs a fresh prefix, ~15 s)
#   xfail           "CASE reason" lines: cases known to fail until a missing
#                   piece lands; they are reported, not counted as failures
#
# A case is a shell function case_NAME below. It runs programs with `run PROG
# ARGS...` in C:\work (a fresh C: drive per case, the same path under both),
# with a fixed environment; after each program its exit status is printed.
# State between runs of one case (the registry, files) lives in the prefix.
# Every program runs under a timeout: prompts that loop on EOF cannot hang.
# cmd finds external programs on PATH, which the cases set to the Wine
# programs' directory as a Z: path (the same file under Wine and mimic):
# mimic passes the host's PATH through unchanged, which cmd cannot use.
set -u
here=$(cd "$(dirname "$0")" && pwd)
mimic=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
shift
mode=mimic
if [ "${1:-}" = "--wine" ]; then
    mode=wine
    shift
fi
windir=${WINE_PROGRAMS:-/usr/lib/x86_64-linux-gnu/wine/x86_64-windows}
if [ ! -e "$windir/cmd.exe" ]; then
    echo "SKIP wine-programs: no Wine programs in $windir (Debian package wine64)"
    exit 0
fi
tmp=$(mktemp -d /tmp/mimic-wineprogs.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

# The C: drive of this case and the command that runs a program in it.
setup_prefix() {
    if [ "$mode" = wine ]; then
        export WINEPREFIX="$tmp/wine-$1" WINEDEBUG=-all
        wine cmd.exe /c exit >/dev/null 2>&1     # creates the prefix
        cdrive="$WINEPREFIX/drive_c"
    else
        mkdir -p "$tmp/$1/c"
        cdrive="$tmp/$1/c"
    fi
    mkdir -p "$cdrive/work"
}

# run PROG ARGS...: PROG.exe from the Wine programs, in C:\work, stdin empty
# or the file $stdin names; LANG=$lang if set.
run() {
    prog=$1
    shift
    if [ "$mode" = wine ]; then
        (cd "$cdrive/work" && env -i PATH="$PATH" HOME="$HOME" WINEPREFIX="$WINEPREFIX" WINEDEBUG=-all \
            ${lang:+LANG=$lang} MIMICTEST_ONE=1 MIMICTEST_Two="two words" \
            timeout 30 wine "$windir/$prog.exe" "$@" <"${stdin:-/dev/null}" 2>/dev/null)
    else
        (cd "$cdrive/work" && env -i PATH="$PATH" HOME="$HOME" MIMIC_PREFIX="$cdrive" \
            ${lang:+LANG=$lang} MIMICTEST_ONE=1 MIMICTEST_Two="two words" \
            timeout 10 "$mimic" run "$windir/$prog.exe" "$@" <"${stdin:-/dev/null}" 2>>"$tmp/stderr")
    fi
    echo "[exit $?]"
}

# What differs between machines and runs, replaced by placeholders:
#  - `set` lines other than the MIMICTEST_ variables the cases define
#  - dir's dates and times, volume serial number, free space (with the
#    padding before it: its width depends on the number of digits)
#  - the Windows version `ver` prints (Wine says 6.1, mimic 10.0)
#  - system messages (FormatMessage) that Wine words differently from
#    Windows (and mimic): ERROR_FILE_NOT_FOUND "File not found." for "The
#    system cannot find the file specified.", ERROR_ALREADY_EXISTS "File
#    already exists." for "Cannot create a file when that file already
#    exists."
filter() {
    tr -d '\r' | sed \
        -e '/^MIMICTEST_/b' -e '/^[A-Za-z_(][^= ]*=/d' \
        -e 's|^[0-9][0-9]/[0-9][0-9]/[0-9][0-9][0-9][0-9]  *[0-9]\{1,2\}:[0-9][0-9]\( [AP]M\)\{0,1\}|<date>|' \
        -e 's|^Microsoft Windows [0-9.]*$|Microsoft Windows <version>|' \
        -e 's|^File not found\.$|The system cannot find the file specified.|' \
        -e 's|^File already exists\.$|Cannot create a file when that file already exists.|' \
        -e 's|Volume Serial Number is .*|Volume Serial Number is <serial>|' \
        -e 's| *[0-9,]* bytes free| <n> bytes free|'
}

case_hostname() {
    run hostname
    run hostname /?
}

case_reg() {
    # Values are added in alphabetical order: Windows enumerates them in
    # creation order (and so does mimic), Wine sorted.
    run reg add 'HKCU\Software\MimicWineProgs' /v Multi /t REG_MULTI_SZ /d 'one\0two' /f
    run reg add 'HKCU\Software\MimicWineProgs' /v Num /t REG_DWORD /d 42 /f
    run reg add 'HKCU\Software\MimicWineProgs' /v Str /t REG_SZ /d "hello world" /f
    run reg add 'HKCU\Software\MimicWineProgs\Sub' /ve /d "default value" /f
    run reg query 'HKCU\Software\MimicWineProgs'
    run reg query 'HKCU\Software\MimicWineProgs' /v Num
    run reg query 'HKCU\Software\MimicWineProgs\Sub'
    run reg delete 'HKCU\Software\MimicWineProgs' /v Num /f
    run reg query 'HKCU\Software\MimicWineProgs' /v Num
    run reg query 'HKCU\Software\MimicWineProgs'
    run reg delete 'HKCU\Software\MimicWineProgs' /f
    run reg query 'HKCU\Software\MimicWineProgs'
    run reg add 'HKLM\Software\MimicWineProgs' /v Bin /t REG_BINARY /d 0102ff /f
    run reg query 'HKLM\Software\MimicWineProgs'
    run reg delete 'HKLM\Software\MimicWineProgs' /f
    run reg query 'HKXX\Software'
}

# reg.exe beyond add/query/delete: export to a .reg file (overwritten with
# /y: without it, reg asks, and loops at the prompt on EOF), import of it,
# query /s, copy /s.
case_regmore() {
    run reg add 'HKCU\Software\MimicRegMore' /v S /d "a b" /f
    run reg add 'HKCU\Software\MimicRegMore\Sub' /v D /t REG_DWORD /d 7 /f
    run reg export 'HKCU\Software\MimicRegMore' out.reg
    run reg export 'HKCU\Software\MimicRegMore' out.reg /y
    run reg delete 'HKCU\Software\MimicRegMore' /f
    run reg import out.reg
    run reg query 'HKCU\Software\MimicRegMore' /s
    run reg copy 'HKCU\Software\MimicRegMore' 'HKCU\Software\MimicRegCopy' /s /f
    run reg query 'HKCU\Software\MimicRegCopy' /s
    run reg import nothere.reg
    run reg delete 'HKCU\Software\MimicRegMore' /f
    run reg delete 'HKCU\Software\MimicRegCopy' /f
}

case_attrib() {
    echo a >"$cdrive/work/a.txt"
    echo b >"$cdrive/work/b.txt"
    mkdir "$cdrive/work/dir"
    run attrib
    run attrib +r a.txt
    run attrib +h b.txt
    run attrib
    run attrib a.txt
    run attrib -r a.txt
    run attrib -h b.txt
    run attrib '*.txt'
    run attrib nothere.txt
}

# The command line of the brief, as one case: echo, set, dir, type, exit code.
case_cmd() {
    echo "file content" >"$cdrive/work/file.txt"
    run cmd /c "echo hello & set & dir & type file.txt & exit /b 7"
}

case_cmdmisc() {
    echo "file content" >"$cdrive/work/file.txt"
    run cmd /c "echo %MIMICTEST_ONE%& cd & mkdir sub & cd sub & cd & if exist ..\\file.txt echo yes"
    run cmd /c "for %i in (a b c) do @echo %i"
    run cmd /c "set /a 6*7 & echo. & ver"
    run cmd /c "type nothere.txt"
    run cmd /c "exit 3"
}

# A batch file: labels, call/goto, setlocal, for, redirections, file
# commands, set /a, parameter modifiers, and pipes into an external program
# (find.exe, found on a PATH that names the Wine programs by their Z: path,
# the same under Wine and mimic).
case_cmdbatch() {
    printf 'one\r\ntwo\r\nthree\r\n' >"$cdrive/work/a.txt"
    zdir=Z:$(printf '%s' "$windir" | tr / '\\')
    sed 's/$/\r/' >"$cdrive/work/t.bat" <<'BAT'
@echo off
setlocal
set X=1
if "%1"=="go" (echo arg go) else (echo no arg)
call :sub hello
echo after sub %errorlevel%
for %%f in (*.txt) do echo file %%f
for /l %%i in (1,1,3) do echo num %%i
echo redirected> out.txt
echo appended>> out.txt
type out.txt
copy out.txt copy.txt
ren copy.txt renamed.txt
dir /b
del renamed.txt
if not exist renamed.txt echo deleted
mkdir d1\d2
rd /s /q d1
if exist d1 (echo still) else echo gone
set /a X+=41
echo X is %X%
echo %~nx0 %~1 %~x0
echo piped | find "piped"
type a.txt | find /c "t"
find "one" < a.txt
find /n "t" a.txt > found.txt
type found.txt
goto end
echo skipped
:end
exit /b 5
:sub
echo in sub %1
exit /b 2
BAT
    run cmd /c "set PATH=$zdir& t.bat go"
    run cmd /c "set PATH=$zdir& call t.bat & echo status %errorlevel%"
}

# More of cmd: delayed expansion, for /f over a file, a command and a
# quoted name, for /d and /r, if forms, set's prefix listing and
# substitutions, copy a+b, move, redirections of stdout and stderr, || and
# &&, pushd/popd, cd /d, dir /b with attributes and order, dir of nothing,
# vol, set /p from a file, call's second expansion, assoc (the registry).
case_cmdmore() {
    printf 'one\r\ntwo words\r\nthree;x\r\n' >"$cdrive/work/a.txt"
    printf 'bbb\r\n' >"$cdrive/work/b.txt"
    zdir=Z:$(printf '%s' "$windir" | tr / '\\')
    sed 's/$/\r/' >"$cdrive/work/u.bat" <<'BAT'
@echo off
setlocal enabledelayedexpansion
set N=0
for /f "tokens=1,2" %%a in (a.txt) do (
  set /a N+=1
  echo line !N!: [%%a] [%%b]
)
for /f "delims=" %%l in ('type b.txt') do echo cmdout %%l
for /f "usebackq tokens=*" %%l in ("a.txt") do echo ub %%l
if defined N echo N defined
if not defined NOPE echo NOPE undefined
if /i "abc"=="ABC" echo same
if 3 GTR 2 echo gtr
set MIMICTEST
set MIMICTEST_O
echo %MIMICTEST_Two:words=things%
echo %MIMICTEST_Two:~0,3%
copy a.txt+b.txt c.txt > nul
type c.txt
move c.txt d.txt > nul
if exist d.txt echo moved
echo to nul > nul
echo err 1>&2
type nothere.txt 2> nul || echo type failed
echo ok && echo chained
pushd ..
cd
popd
cd
md x\y
cd /d x\y
cd
cd \work
for /d %%d in (*) do echo dir %%d
for /r %%f in (*.txt) do echo r %%~nxf
dir /b /a:d
dir /b /o:-n *.txt
dir nothere
echo %~dp0
vol
set /p V=<b.txt
echo V is %V%
call echo %%MIMICTEST_ONE%%
assoc .nothere
rem comment
:: another
echo done
BAT
    run cmd /c "set PATH=$zdir& u.bat"
}

# cmd reading its commands from stdin (a file): the banner, the prompts,
# echo off/on, a variable, exit with a status.
case_cmdstdin() {
    printf 'echo hi\r\nset V=1\r\necho %%V%%\r\n@echo off\r\ncd\r\necho on\r\nver\r\nexit 4\r\n' >"$tmp/script"
    stdin=$tmp/script run cmd
    stdin=$tmp/script run cmd /k echo first
    printf 'echo last' >"$tmp/script2"
    stdin=$tmp/script2 run cmd /q
}

# cmd on files: a non-ASCII name and text (converted to the ANSI code page
# on a redirected stdout), dir /s with its totals, copy, del /s, dir /a.
case_cmdfiles() {
    e=$(printf '\303\251')    # U+00E9 in UTF-8
    lang=C.UTF-8    # for Wine: file names in UTF-8 (its default is ASCII)
    printf 'x\r\n' >"$cdrive/work/caf$e.txt"
    mkdir -p "$cdrive/work/s/t"
    printf 'y\r\n' >"$cdrive/work/s/t/z.txt"
    run cmd /c "dir /b & echo n$e> n.txt & type n.txt & dir /s"
    run cmd /c "copy n.txt m.txt & del /s z.txt & dir /a /b s\\t & echo %cd% & set /a (1+2)*3 & echo. & if errorlevel 0 echo el"
    run cmd /c "del /s z.txt & dir /b /s"
}

# fsutil.exe: hard links (CreateHardLinkW), its usage texts and errors.
case_fsutil() {
    printf 'data\r\n' >"$cdrive/work/a.txt"
    run fsutil hardlink create b.txt a.txt
    run fsutil hardlink create b.txt a.txt
    run fsutil hardlink create c.txt nothere.txt
    run cmd /c "echo more>> a.txt & type b.txt"
    run fsutil hardlink
    run fsutil hardlink create
    run fsutil
    run fsutil nonsense
}

# find.exe: matches, case, counts, inversion with line numbers, misses.
case_find() {
    printf 'one\r\ntwo\r\nthree\r\nTwo again\r\n' >"$cdrive/work/a.txt"
    printf 'zero\r\n' >"$cdrive/work/b.txt"
    run find two a.txt
    run find /i two a.txt b.txt
    run find /c /i two a.txt b.txt
    run find /v /n t a.txt
    run find nothing a.txt
    run find two nothere.txt
    run find
}

# xcopy.exe (under the runner's timeout: it loops at its prompts on EOF, so
# every prompt here gets its answer on stdin).
case_xcopy() {
    printf 'aaa\r\n' >"$cdrive/work/a.txt"
    mkdir -p "$cdrive/work/src/deep" "$cdrive/work/src/empty"
    printf 'x\r\n' >"$cdrive/work/src/x.txt"
    printf 'yy\r\n' >"$cdrive/work/src/deep/y.dat"
    run xcopy a.txt 'dest\'
    run xcopy /y a.txt 'dest\'
    run xcopy /s /i src copy
    run xcopy /e /i /q src copy2
    run xcopy /i 'src\*.txt' copy3
    run xcopy nothere.txt 'dest\'
    run cmd /c "dir /s /b dest copy copy2 copy3"
    # its prompts, answered on stdin: file or directory, then overwrite
    printf 'F\r\n' >"$tmp/answer"
    stdin=$tmp/answer run xcopy a.txt b.txt
    printf 'N\r\n' >"$tmp/answer"
    stdin=$tmp/answer run xcopy a.txt b.txt
    printf 'Y\r\n' >"$tmp/answer"
    stdin=$tmp/answer run xcopy 'src\x.txt' b.txt
    run cmd /c "type b.txt"
}

cases=$*
[ -n "$cases" ] || cases="hostname reg regmore attrib cmd cmdmisc cmdbatch cmdmore cmdstdin cmdfiles find xcopy fsutil"
pass=0 fail=0 xfail=0
for c in $cases; do
    : >"$tmp/stderr"
    setup_prefix "$c"
    "case_$c" | filter >"$tmp/$c.out"
    if [ "$mode" = wine ]; then
        wineserver -w
        cp "$tmp/$c.out" "$here/$c.expected"
        echo "wrote $here/$c.expected"
        continue
    fi
    why=$(sed -n "s|^$c ||p" "$here/xfail" 2>/dev/null)
    if cmp -s "$tmp/$c.out" "$here/$c.expected"; then
        pass=$((pass + 1))
        if [ -n "$why" ]; then
            echo "PASS wine-programs/$c (listed in xfail: remove it)"
        else
            echo "PASS wine-programs/$c"
        fi
    elif [ -n "$why" ]; then
        xfail=$((xfail + 1))
        echo "XFAIL wine-programs/$c: $why"
    else
        fail=$((fail + 1))
        echo "FAIL wine-programs/$c"
        diff "$here/$c.expected" "$tmp/$c.out" | head -n 30 | sed 's/^/    /'
        head -n 5 "$tmp/stderr" | sed 's/^/    stderr: /'
    fi
done
[ "$mode" = wine ] && exit 0
echo "wine-programs: $pass passed, $fail failed, $xfail known failures"
[ "$fail" = 0 ]
