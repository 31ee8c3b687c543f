#!/bin/sh
# /init of the full-vm test initramfs (tests/vm/make-initramfs.sh puts it
# there; tests/vm/run.sh reads what it prints on the serial console).
#
# Every result is one line starting with "VM-": the kernel's own messages
# share the console, so the checks look only at those lines. Kernel
# messages are sent to the log alone once /proc is up, so that none cuts
# through a line of ours. Whatever fails, init goes on to `reboot -f`: the
# machine must end by itself, and the host's checks name what is missing.
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
echo 1 > /proc/sys/kernel/printk
echo MIMIC-VM-MARKER
echo "VM-UNAME: $(uname -a)"
echo "VM-RELEASE: $(uname -r)"
sed 's/^/VM-CPUINFO: /' /proc/cpuinfo
free | sed 's/^/VM-FREE: /'
echo "VM-DATE: $(date +%s) $(date)"

while read -r m; do
    insmod "$m" || echo "VM-FAIL: insmod $m"
done < /modules.load
# The disk appears once virtio-blk's probe has run: wait up to 10 s.
i=0
while [ ! -b /dev/vda ] && [ $i -lt 100 ]; do
    sleep 0.1
    i=$((i + 1))
done
if [ ! -b /dev/vda ]; then
    echo "VM-FAIL: no /dev/vda"
    dmesg | tail -n 20 | sed 's/^/VM-DMESG: /'
elif mount -t ext2 /dev/vda /mnt; then
    echo "VM-MOUNT: ok"
    echo "VM-HOSTFILE: $(cat /mnt/hostfile.txt)"
    echo "guest saw: $(cat /mnt/hostfile.txt) on $(uname -r)" > /mnt/new
    # Larger transfers: a MiB the host wrote, and one the guest writes
    # (many requests, descriptors spanning pages), compared by MD5.
    echo "VM-BIGMD5: $(md5sum /mnt/big.bin | cut -d' ' -f1)"
    dd if=/dev/urandom of=/mnt/guest.bin bs=4096 count=256 2>/dev/null
    echo "VM-GUESTMD5: $(md5sum /mnt/guest.bin | cut -d' ' -f1)"
    sync
    umount /mnt && echo "VM-UMOUNT: ok"
else
    echo "VM-FAIL: mount /dev/vda"
    dmesg | tail -n 20 | sed 's/^/VM-DMESG: /'
fi

# `sleep 2` timed by the guest's clock; the host times the two lines too.
echo "VM-SLEEP-START: $(cut -d' ' -f1 /proc/uptime)"
sleep 2
echo "VM-SLEEP-END: $(cut -d' ' -f1 /proc/uptime)"
echo "VM-DONE"
reboot -f
echo "VM-FAIL: reboot -f returned"
while :; do sleep 60; done
