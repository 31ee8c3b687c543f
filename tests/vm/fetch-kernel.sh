#!/bin/sh
# fetch-kernel.sh [DIR] - Debian's stock amd64 kernel for the full-vm tests.
#
# Downloads the package that linux-image-amd64 depends on (Debian 12:
# linux-image-6.1.0-N-amd64) with `apt-get download` and unpacks it with
# `dpkg -x` into DIR (default build/deps/vm): it is never installed, /boot
# and /lib/modules of the host are not touched. Afterwards DIR holds
#   linux/          the unpacked package (boot/vmlinuz-REL, lib/modules/REL/)
#   vmlinuz         a link to linux/boot/vmlinuz-REL (a bzImage)
#   release         REL, as `uname -r` prints it inside the guest
#   package         the package name and version
# Cached: when DIR/release names an unpacked kernel, nothing is done (and
# nothing is asked of apt). Needs root only for a first `apt-get update` on a
# machine without package lists; a failing update does not stop it. depmod
# (kmod) writes the modules.dep the package leaves to its postinst.
set -eu
PATH=$PATH:/usr/sbin:/sbin
dir=${1:-build/deps/vm}

if [ -f "$dir/release" ]; then
    rel=$(cat "$dir/release")
    if [ -f "$dir/linux/boot/vmlinuz-$rel" ] && [ -d "$dir/linux/lib/modules/$rel" ]; then
        exit 0
    fi
fi

for t in apt-get apt-cache dpkg depmod; do
    command -v "$t" >/dev/null 2>&1 || PATH=$PATH:/usr/sbin:/sbin command -v "$t" >/dev/null 2>&1 ||
        { echo "fetch-kernel: $t not found (Debian packages apt, dpkg, kmod: tools/install-deps)" >&2; exit 2; }
done

# The meta package's first dependency on linux-image-<release> names the
# real package. Without lists (a fresh container), update them once.
resolve() {
    apt-cache depends linux-image-amd64 2>/dev/null |
        sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*-amd64\)$/\1/p' | head -n 1
}
updated=0
update_lists() {
    updated=1
    echo "fetch-kernel: updating the package lists" >&2
    apt-get update >&2 || echo "fetch-kernel: apt-get update reported errors; going on with the lists we have" >&2
}
pkg=$(resolve)
if [ -z "$pkg" ]; then
    update_lists
    pkg=$(resolve)
fi
[ -n "$pkg" ] || { echo "fetch-kernel: apt-cache cannot resolve linux-image-amd64 to a kernel package" >&2; exit 1; }

mkdir -p "$dir"
tmp=$(mktemp -d "$dir/.fetch.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# apt-get download writes into the current directory; as root apt drops to
# the _apt user, which must be able to write there.
chmod 777 "$tmp"
echo "fetch-kernel: downloading $pkg" >&2
if ! (cd "$tmp" && apt-get download "$pkg" >&2); then
    # Old lists name a package the archive no longer has: update, retry once.
    [ $updated = 0 ] || { echo "fetch-kernel: apt-get download $pkg failed" >&2; exit 1; }
    update_lists
    pkg=$(resolve)
    [ -n "$pkg" ] || { echo "fetch-kernel: apt-cache cannot resolve linux-image-amd64 after an update" >&2; exit 1; }
    echo "fetch-kernel: downloading $pkg" >&2
    (cd "$tmp" && apt-get download "$pkg" >&2) || { echo "fetch-kernel: apt-get download $pkg failed" >&2; exit 1; }
fi
rel=${pkg#linux-image-}
case "$rel" in
    6.1.*-amd64) ;;
    *) echo "fetch-kernel: note: linux-image-amd64 depends on $pkg, not a 6.1 (Debian 12) kernel" >&2 ;;
esac
deb=$(ls "$tmp"/*.deb 2>/dev/null | head -n 1)
[ -n "$deb" ] || { echo "fetch-kernel: apt-get download left no .deb" >&2; exit 1; }
dpkg -x "$deb" "$tmp/linux" || { echo "fetch-kernel: dpkg -x $deb failed" >&2; exit 1; }
[ -f "$tmp/linux/boot/vmlinuz-$rel" ] || { echo "fetch-kernel: $deb has no boot/vmlinuz-$rel" >&2; exit 1; }
[ -d "$tmp/linux/lib/modules/$rel/kernel" ] || { echo "fetch-kernel: $deb has no lib/modules/$rel/kernel" >&2; exit 1; }
# The package ships no modules.dep (its postinst runs depmod): make it, for
# this tree only, the same way.
depmod -b "$tmp/linux" "$rel" || { echo "fetch-kernel: depmod -b $tmp/linux $rel failed" >&2; exit 1; }
[ -f "$tmp/linux/lib/modules/$rel/modules.dep" ] || { echo "fetch-kernel: depmod made no modules.dep" >&2; exit 1; }
ver=$(dpkg-deb -f "$deb" Version)

# Replace a stale copy only once the new one is complete.
rm -rf "$dir/linux" "$dir/vmlinuz" "$dir/release" "$dir/package"
mv "$tmp/linux" "$dir/linux"
ln -s "linux/boot/vmlinuz-$rel" "$dir/vmlinuz"
echo "$pkg $ver" > "$dir/package"
echo "$rel" > "$dir/release"
echo "fetch-kernel: $pkg $ver in $dir" >&2
