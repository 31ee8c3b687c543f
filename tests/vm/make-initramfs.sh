#!/bin/sh
# make-initramfs.sh KERNEL_DIR OUT - the initramfs the full-vm tests boot.
#
# KERNEL_DIR is what fetch-kernel.sh made (default build/deps/vm); OUT the
# gzip'ed newc cpio archive to write (default build/vm/initramfs.gz). It holds
#   /bin/busybox        Debian's static busybox (busybox-static), with a link
#                       per applet in /bin
#   /lib/modules/...    the kernel's own modules for virtio-blk over PCI and
#                       for mounting ext2 (served by ext4 in Debian's
#                       kernel), with every dependency modules.dep names and
#                       the "pre:" softdeps; compressed modules are unpacked
#   /modules.load       their load order (dependencies first)
#   /init               tests/vm/init.sh
#   /dev/console        the node the kernel opens for init's stdio (the kernel
#                       mounts no devtmpfs for an initramfs before init
#                       runs), and /dev/null: written as newc entries by
#                       this script, so no root is needed
# Modules are the same release as the kernel: the package carries both.
set -eu
kdir=${1:-build/deps/vm}
out=${2:-build/vm/initramfs.gz}
here=$(dirname "$0")
busybox=${BUSYBOX:-/bin/busybox}
# What /init needs: the virtio PCI transport, the block driver, ext2 (ext4).
want="virtio_pci virtio_blk ext4"

die() { echo "make-initramfs: $*" >&2; exit 1; }

[ -f "$kdir/release" ] || die "$kdir/release missing: run tests/vm/fetch-kernel.sh first"
rel=$(cat "$kdir/release")
mdir=$kdir/linux/lib/modules/$rel
[ -f "$mdir/modules.dep" ] || die "$mdir/modules.dep missing (fetch-kernel.sh makes it with depmod)"
[ -x "$busybox" ] || die "$busybox missing (Debian package busybox-static)"
# A dynamic busybox would need a libc in the initramfs: refuse it by name.
if command -v readelf >/dev/null 2>&1 && readelf -l "$busybox" 2>/dev/null | grep -q 'INTERP'; then
    die "$busybox is dynamically linked (busybox-static is needed)"
fi
for t in cpio gzip; do
    command -v "$t" >/dev/null 2>&1 || die "$t not found (Debian package $t)"
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mimic-initramfs.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
root=$tmp/root
mkdir -p "$root/bin" "$root/dev" "$root/proc" "$root/sys" "$root/mnt" "$root/tmp" "$root/lib/modules"

cp "$busybox" "$root/bin/busybox"
for a in $("$busybox" --list); do
    [ "$a" = busybox ] || ln -s busybox "$root/bin/$a"
done
ln -s bin "$root/sbin"

# Resolve a name (module or alias) to one module path relative to $mdir,
# through modules.dep, then modules.alias (the generic implementation first:
# it runs on any CPU the guest may be given).
resolve() {
    awk -v n="$1" -v dep="$mdir/modules.dep" -v alias="$mdir/modules.alias" '
        function base(p) { sub(/.*\//, "", p); sub(/\.ko(\.(xz|zst|gz))?$/, "", p); gsub(/-/, "_", p); return p }
        BEGIN {
            gsub(/-/, "_", n)
            while ((getline l < dep) > 0) { split(l, f, ":"); path[base(f[1])] = f[1] }
            if (n in path) { print path[n]; exit }
            while ((getline l < alias) > 0) {
                split(l, f, " "); a = f[2]; gsub(/-/, "_", a)
                if (a == n && (f[3] in path || f[3] ~ /_generic$/)) {
                    m = f[3]; gsub(/-/, "_", m)
                    if (m ~ /_generic$/ || pick == "") pick = m
                }
            }
            if (pick != "" && (pick in path)) print path[pick]
        }'
}
deps_of() {      # the modules.dep line of one module path
    awk -v p="$1" -F': *' '$1 == p { print $2; exit }' "$mdir/modules.dep"
}
softdeps_of() {  # "pre:" soft dependencies of a module name
    awk -v n="$1" '$1 == "softdep" && $2 == n {
            pre = 0
            for (i = 3; i <= NF; i++) { if ($i == "pre:") pre = 1; else if ($i == "post:") pre = 0; else if (pre) print $i }
        }' "$mdir/modules.softdep" 2>/dev/null
}

# Depth first: a module's soft and hard dependencies, then the module. The
# order file lists each path once. (`local`: dash and bash have it, and the
# recursion needs it.)
: > "$tmp/order"
add() {
    local p name s sp d
    p=$1
    grep -qxF "$p" "$tmp/order" && return 0
    name=$(basename "$p"); name=${name%%.ko*}
    for s in $(softdeps_of "$name"); do
        sp=$(resolve "$s")
        [ -n "$sp" ] || die "softdep $s of $name: no such module or alias in $mdir"
        add "$sp"
    done
    # modules.dep lists the whole closure, deepest last: load from the end.
    for d in $(deps_of "$p" | tr ' ' '\n' | sed '/^$/d' | tac); do
        add "$d"
    done
    grep -qxF "$p" "$tmp/order" || echo "$p" >> "$tmp/order"
}
for m in $want; do
    p=$(resolve "$m")
    if [ -z "$p" ]; then
        # Built into the kernel: nothing to load.
        grep -q "/$m\.ko" "$mdir/modules.builtin" 2>/dev/null && continue
        die "module $m is neither in $mdir/modules.dep nor built in"
    fi
    add "$p"
done

: > "$root/modules.load"
while read -r p; do
    src=$mdir/$p
    [ -f "$src" ] || die "$src missing"
    dst=$root/lib/modules/$(basename "$p")
    case "$p" in
        *.ko) cp "$src" "$dst" ;;
        *.ko.xz) dst=${dst%.xz}; xz -dc "$src" > "$dst" || die "cannot unpack $src" ;;
        *.ko.zst) dst=${dst%.zst}; zstd -qdc "$src" > "$dst" || die "cannot unpack $src" ;;
        *.ko.gz) dst=${dst%.gz}; gzip -dc "$src" > "$dst" || die "cannot unpack $src" ;;
        *) die "$p: not a kernel module" ;;
    esac
    echo "/lib/modules/$(basename "$dst")" >> "$root/modules.load"
done < "$tmp/order"

cp "$here/init.sh" "$root/init"
chmod 755 "$root/init"
echo "$rel" > "$root/release"

# The device nodes go in a second newc archive written here, so that no
# root is needed for mknod: the kernel unpacks archives that follow each
# other. newc: "070701", 13 fields of 8 hex digits (ino mode uid gid nlink
# mtime filesize devmajor devminor rdevmajor rdevminor namesize check),
# the name with its NUL, zeros up to a multiple of 4.
newc() {         # NAME MODE RDEVMAJOR RDEVMINOR
    local n=$(( ${#1} + 1 ))
    printf '070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X' \
        0 "$2" 0 0 1 0 0 0 0 "$3" "$4" "$n" 0
    printf '%s\0' "$1"
    local pad=$(( (4 - (110 + n) % 4) % 4 ))
    while [ $pad -gt 0 ]; do printf '\0'; pad=$((pad - 1)); done
}
devices() {
    newc dev/console $((0020600)) 5 1
    newc dev/null $((0020666)) 1 3
    newc 'TRAILER!!!' 0 0 0
}

mkdir -p "$(dirname "$out")"
{
    (cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet)
    devices
} | gzip -9n > "$out.tmp"
mv "$out.tmp" "$out"
echo "make-initramfs: $out: busybox, $(wc -l < "$root/modules.load") modules ($(tr '\n' ' ' < "$root/modules.load" | sed 's|/lib/modules/||g; s|\.ko||g; s/ $//'))" >&2
