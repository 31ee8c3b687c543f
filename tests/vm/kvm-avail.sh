# kvm-avail.sh - sourced by the full-vm test scripts: kvm_unavailable prints
# why /dev/kvm cannot serve a test (and returns 0), or prints nothing and
# returns 1 when it can be opened. Never creates anything: a redirection
# with <> on a missing /dev/kvm would make a regular file there.
# kvm_pvm_refused STDERR_FILE: true when /dev/kvm is the kvm_pvm flavour
# (no VT-x/SVM: only PVM-aware guests run) and mimic's KVM accelerator
# failed (its messages start "mimic vm: kvm:"): a skip, not a failure.
kvm_unavailable() {
    if [ ! -e /dev/kvm ]; then
        echo "/dev/kvm: no such device on this host"
    elif [ ! -c /dev/kvm ]; then
        echo "/dev/kvm is not a character device"
    elif ! ( exec 3<>/dev/kvm ) 2>/dev/null; then
        echo "/dev/kvm: cannot be opened read-write (permissions?)"
    else
        return 1
    fi
    return 0
}

kvm_pvm_refused() {
    [ -d /sys/module/kvm_pvm ] && grep -q '^mimic vm: kvm: ' "$1" 2>/dev/null
}
