# Mimic - top-level build. `make` builds build/mimic; see README.md for the targets.
# Output stays out of the source tree: build/ (or build/san with SAN=1).

MAKEFLAGS += -r
.SUFFIXES:

SAN ?=
ifeq ($(SAN),1)
B := build/san
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
OPT := -O1
else
B := build
SANFLAGS :=
OPT := -O2
endif

CONFIG := build/config.mk
-include $(CONFIG)

CFLAGS ?= $(OPT) -g
WARN := -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers
ALL_CFLAGS := -std=gnu11 $(WARN) $(CFLAGS) $(SANFLAGS) -I. -I$(B) -Ibuild -D_GNU_SOURCE -MMD -MP \
	$(FFI_CFLAGS) $(CAPSTONE_CFLAGS) $(FREETYPE_CFLAGS) $(X11_CFLAGS) $(LZMA_CFLAGS)
LDLIBS := $(FFI_LIBS) $(CAPSTONE_LIBS) $(FREETYPE_LIBS) $(X11_LIBS) $(LZMA_LIBS) -lpthread -lm -ldl -latomic
# mimic itself: Capstone is dlopen'ed by `mimic dis`, libX11/FreeType by the first window
# (winapi/gdi32/xdyn.c), libm by the first math function (tools/mimic_libm.c): start-up
# cost of every run. libffi is not used yet (the xlate engine's PE thunks will need it).
# liblzma (`mimic vm` decompressing a bzImage) is linked statically: no library more to load.
MIMIC_LDLIBS := -lpthread -Wl,-Bstatic -llzma -latomic -Wl,-Bdynamic

# Every .c under these folders is part of the one program; tools/ holds the CLI.
LIB_SRCS := $(wildcard loader/*.c winapi/*.c winapi/*/*.c xlate/*.c syscalls/*.c full-vm/*.c full-vm/*/*.c)
CLI_SRCS := $(wildcard tools/mimic*.c)
SPEC_DLLS := $(notdir $(patsubst %/,%,$(dir $(wildcard winapi/*/*.spec))))
SPEC_DLLS := $(sort $(SPEC_DLLS))
GEN_SRCS := $(patsubst %,$(B)/gen/spec_%.c,$(SPEC_DLLS)) $(B)/gen/builtin_dlls.c $(B)/gen/sys_x86_64.c $(B)/gen/sys_i386.c

# Host assembly (syscalls/safe_syscall_<host>.S: each file is empty on the other hosts).
LIB_ASM := $(wildcard syscalls/*.S)
LIB_OBJS := $(patsubst %.c,$(B)/obj/%.o,$(LIB_SRCS)) $(patsubst %.S,$(B)/obj/%.o,$(LIB_ASM)) $(patsubst %.c,%.o,$(GEN_SRCS))
CLI_OBJS := $(patsubst %.c,$(B)/obj/%.o,$(CLI_SRCS))

.PHONY: all check demo bench clean deps check-unit check-win check-wineprogs check-linux check-busybox check-cli check-gui distclean \
	check-vm check-vm-qemu bench-vm
all: $(B)/mimic

$(CONFIG): configure tools/config/ffi.c
	./configure

$(B)/obj/%.o: %.c $(CONFIG)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B)/obj/%.o: %.S $(CONFIG)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B)/gen/%.o: $(B)/gen/%.c
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

.SECONDEXPANSION:

# One generated table per DLL, from all of that DLL's .spec files.
$(B)/gen/spec_%.c: tools/specgen.awk $$(wildcard winapi/$$*/*.spec)
	@mkdir -p $(@D)
	LC_ALL=C awk -v dll=$* -f tools/specgen.awk $(sort $(wildcard winapi/$*/*.spec)) > $@.tmp && mv $@.tmp $@

$(B)/gen/sys_%.c: tools/syscallgen.awk syscalls/host_generic.tbl syscalls/%.tbl
	@mkdir -p $(@D)
	LC_ALL=C awk -v abi=$* -f tools/syscallgen.awk syscalls/host_generic.tbl syscalls/$*.tbl > $@.tmp && mv $@.tmp $@

$(B)/gen/builtin_dlls.c: tools/gen-builtin-list.sh $(wildcard winapi/*/*.spec)
	@mkdir -p $(@D)
	sh tools/gen-builtin-list.sh $(SPEC_DLLS) > $@.tmp && mv $@.tmp $@

$(B)/libmimic.a: $(LIB_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

# vm.c names the KVM accelerator by a weak reference (a build without it says
# so at run time), and a weak reference does not pull a member out of an
# archive: -u asks for full-vm/accel/kvm.o by name.
$(B)/mimic: $(CLI_OBJS) $(B)/libmimic.a
	$(CC) $(SANFLAGS) -Wl,-z,pack-relative-relocs -o $@ $(CLI_OBJS) -Wl,-u,accel_kvm $(B)/libmimic.a $(MIMIC_LDLIBS)

# ---- tests --------------------------------------------------------------
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(patsubst tests/unit/%.c,$(B)/tests/unit/%,$(UNIT_SRCS))

$(B)/tests/unit/%: tests/unit/%.c $(B)/libmimic.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(CRITERION_CFLAGS) -o $@ $< $(B)/libmimic.a $(CRITERION_LIBS) $(LDLIBS)

WIN_C := $(wildcard tests/guest/win/*.c)
WIN_CXX := $(wildcard tests/guest/win/*.cpp)
WIN_EXES := $(patsubst tests/guest/win/%.c,build/tests/win/%.exe,$(WIN_C)) \
	$(patsubst tests/guest/win/%.cpp,build/tests/win/%.exe,$(WIN_CXX))
# DLLs that tests load: tests/guest/win/dll/NAME.c -> build/tests/win/NAME.dll (next to the exes).
WIN_DLLS := $(patsubst tests/guest/win/dll/%.c,build/tests/win/%.dll,$(wildcard tests/guest/win/dll/*.c))
WIN_NATIVE := $(patsubst tests/guest/win/%.c,build/tests/win/%.linux,$(shell grep -l '^// portable' $(WIN_C) 2>/dev/null))
MINGW_CFLAGS := -O1 -g0 -Wall -Wno-format

build/tests/win/%.exe: tests/guest/win/%.c
	@mkdir -p $(@D)
	$(MINGW_x86_64) $(MINGW_CFLAGS) -o $@ $< $$(sed -n 's|^// link: ||p' $<)

build/tests/win/%.exe: tests/guest/win/%.cpp
	@mkdir -p $(@D)
	$(MINGW_x86_64:gcc=g++) $(MINGW_CFLAGS) -static-libgcc -static-libstdc++ -o $@ $<

build/tests/win/%.dll: tests/guest/win/dll/%.c
	@mkdir -p $(@D)
	$(MINGW_x86_64) $(MINGW_CFLAGS) -shared -o $@ $< $$(sed -n 's|^// link: ||p' $<)

build/tests/win/%.linux: tests/guest/win/%.c
	@mkdir -p $(@D)
	$(CC) -O1 -w -o $@ $<

# Linux guest programs: static and dynamic x86-64 builds, run natively and under mimic.
LINUX_C := $(wildcard tests/guest/linux/*.c)
LINUX_BINS := $(patsubst tests/guest/linux/%.c,build/tests/linux/%.static64,$(LINUX_C)) \
	$(patsubst tests/guest/linux/%.c,build/tests/linux/%.dyn64,$(LINUX_C)) \
	$(patsubst tests/guest/linux/%.c,build/tests/linux/%.static32,$(LINUX_C)) \
	$(patsubst tests/guest/linux/%.c,build/tests/linux/%.dyn32,$(LINUX_C))

build/tests/linux/%.static64: tests/guest/linux/%.c
	@mkdir -p $(@D)
	$(CC) -O2 -w -static -pthread -o $@ $< -lm

build/tests/linux/%.dyn64: tests/guest/linux/%.c
	@mkdir -p $(@D)
	$(CC) -O1 -w -pthread -o $@ $< -lm

build/tests/linux/%.static32: tests/guest/linux/%.c
	@mkdir -p $(@D)
	$(CC) -m32 -O2 -w -static -pthread -o $@ $< -lm

build/tests/linux/%.dyn32: tests/guest/linux/%.c
	@mkdir -p $(@D)
	$(CC) -m32 -O1 -w -pthread -o $@ $< -lm

# C++ programs: x86-64 only (Debian's g++ has no i386 multilib here).
LINUX_CXX := $(wildcard tests/guest/linux/*.cpp)
LINUX_BINS += $(patsubst tests/guest/linux/%.cpp,build/tests/linux/%.static64,$(LINUX_CXX)) \
	$(patsubst tests/guest/linux/%.cpp,build/tests/linux/%.dyn64,$(LINUX_CXX))

build/tests/linux/%.static64: tests/guest/linux/%.cpp
	@mkdir -p $(@D)
	g++ -O2 -w -static -pthread -o $@ $<

build/tests/linux/%.dyn64: tests/guest/linux/%.cpp
	@mkdir -p $(@D)
	g++ -O1 -w -pthread -o $@ $<

check-linux: $(B)/mimic $(LINUX_BINS)
	@sh tests/run-linux.sh $(B)/mimic build/tests/linux
	@sh tests/run-debian.sh $(B)/mimic

check-busybox: $(B)/mimic build/deps/busybox-i386/busybox
	@sh tests/run-busybox.sh $(B)/mimic /bin/busybox busybox-amd64
	@sh tests/run-busybox.sh $(B)/mimic build/deps/busybox-i386/busybox busybox-i386 /bin/busybox

build/deps/busybox-i386/busybox:
	@sh tools/fetch-i386-busybox build/deps/busybox-i386

build/samples/%.exe: samples/%.c
	@mkdir -p $(@D)
	$(MINGW_x86_64) -O2 -o $@ $<

deps:
	@sh tools/install-deps

check: deps
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory $(if $(CHECK_VM),build/deps/vm/release) check-unit check-win check-linux check-busybox check-wineprogs check-cli check-gui $(CHECK_VM)
# full-vm: Debian's kernel booted on mimic (about 2 minutes, and a 70 MB
# kernel package downloaded once); `make check CHECK_VM=` leaves it out.
# The kernel is fetched first: check-cli's `mimic vm` checks use it too.
CHECK_VM ?= check-vm

# Wine's own console programs (cmd, reg, attrib, hostname) against their output under Wine.
check-wineprogs: $(B)/mimic
	@sh tests/wine-programs/run.sh $(B)/mimic

# Unit-test fixtures: small PE files with every data-directory kind, built for
# both x86-64 and i386 (tests/unit/fixtures/). They do not depend on SAN.
FIX := build/tests/fixtures
FIX_FILES := $(foreach t,x86_64 i686,$(FIX)/fixexe_$(t).exe $(FIX)/fixdll_$(t).dll) $(FIX)/fixdll_aligned.dll
FIX_SRC := tests/unit/fixtures

$(FIX)/setdelay: $(FIX_SRC)/setdelay.c
	@mkdir -p $(@D)
	$(CC) -O1 -o $@ $<

$(FIX)/fixdll_%.dll: $(FIX_SRC)/fixdll.c $(FIX_SRC)/fixdll.def $(CONFIG)
	@mkdir -p $(@D)
	$(MINGW_$*) -O1 -shared -o $@ $< $(FIX_SRC)/fixdll.def -Wl,--out-implib,$(FIX)/libfixdll_$*.a

# The same DLL with FileAlignment 0x1000: pe_map maps it from the file itself.
$(FIX)/fixdll_aligned.dll: $(FIX_SRC)/fixdll.c $(FIX_SRC)/fixdll.def $(CONFIG)
	@mkdir -p $(@D)
	$(MINGW_x86_64) -O1 -shared -Wl,--file-alignment=0x1000 -o $@ $< $(FIX_SRC)/fixdll.def

# GNU ld leaves the delay-import directory empty: setdelay fills it in.
$(FIX)/fixexe_%.exe: $(FIX_SRC)/fixexe.c $(FIX_SRC)/fixexe.rc $(FIX_SRC)/user32d_%.def $(FIX)/fixdll_%.dll $(FIX)/setdelay
	$(MINGW_$*:gcc=windres) $(FIX_SRC)/fixexe.rc -o $(FIX)/fixexe_rc_$*.o
	$(MINGW_$*:gcc=dlltool) -k --input-def $(FIX_SRC)/user32d_$*.def --output-delaylib $(FIX)/libuser32d_$*.a --dllname user32.dll
	$(MINGW_$*) -O1 -o $@.tmp $< $(FIX)/fixexe_rc_$*.o $(FIX)/libfixdll_$*.a $(FIX)/libuser32d_$*.a
	$(FIX)/setdelay $@.tmp $$($(MINGW_$*:gcc=nm) $@.tmp | awk '/__DELAY_IMPORT_DESCRIPTOR/ {print $$1; exit}')
	mv $@.tmp $@

$(FIX)/fiximp.exe: $(FIX_SRC)/fiximp.c $(FIX_SRC)/fiximp.def $(CONFIG)
	@mkdir -p $(@D)
	$(MINGW_x86_64:gcc=dlltool) --input-def $(FIX_SRC)/fiximp.def --output-lib $(FIX)/libfiximp.a --dllname kernel32.dll
	$(MINGW_x86_64) -O1 -nostdlib -e start -o $@ $< $(FIX)/libfiximp.a -lkernel32

# Under SAN=1, LeakSanitizer ignores only Criterion's own leak (tests/unit/lsan.supp).
check-unit: $(UNIT_BINS) $(FIX_FILES)
	@LSAN_OPTIONS=suppressions=$(CURDIR)/tests/unit/lsan.supp:print_suppressions=0 sh tests/run-unit.sh $(UNIT_BINS)

# The mimic command line: info, dis, and make bench's failure detection.
check-cli: $(B)/mimic $(FIX_FILES) $(FIX)/fiximp.exe build/bench/hello.exe build/bench/hello.linux build/bench/runstat
	@sh tests/cli/run.sh $(B)/mimic

check-win: $(B)/mimic $(WIN_EXES) $(WIN_DLLS) $(WIN_NATIVE)
	@sh tests/run-win.sh $(B)/mimic build/tests/win tests/guest/win

# Windows GUI programs (tests/guest/win/gui/) on a private Xvfb, checked by
# tests/gui/guitest (X pixels, XTest input) through tests/run-gui.sh.
GUI_EXES := $(patsubst tests/guest/win/gui/%.c,build/tests/win/gui/%.exe,$(wildcard tests/guest/win/gui/*.c))

# A test with NAME.rc next to it links its resources (dialog templates ...).
build/tests/win/gui/%.exe: tests/guest/win/gui/%.c $$(wildcard tests/guest/win/gui/%.rc tests/guest/win/gui/%.bmp)
	@mkdir -p $(@D)
	$(if $(filter %.rc,$^),$(MINGW_x86_64:gcc=windres) -I tests/guest/win/gui $(filter %.rc,$^) -o $(@D)/$*_rc.o)
	$(MINGW_x86_64) $(MINGW_CFLAGS) -mwindows $$(grep -q wWinMain $< && echo -municode) -o $@ $< $(if $(filter %.rc,$^),$(@D)/$*_rc.o)

build/tests/gui/guitest: tests/gui/guitest.c
	@mkdir -p $(@D)
	$(CC) -O1 -Wall -Wextra -o $@ $< -lX11 -lXtst

check-gui: $(B)/mimic $(GUI_EXES) build/tests/gui/guitest
	@sh tests/run-gui.sh $(B)/mimic build/tests/win/gui tests/guest/win/gui build/tests/gui/guitest

# ---- full-vm (tests/vm/) ----------------------------------------------------
# Debian's stock kernel (downloaded, never installed), the busybox initramfs,
# the CPU system-mode test kernels and the KVM harness. `make check-vm` boots
# them on mimic (soft, and KVM where /dev/kvm can run them); `make
# check-vm-qemu` runs the same kernels, initramfs and checks under
# qemu-system-x86_64 -accel tcg, the reference.
VM_CPU_TESTS := $(basename $(notdir $(wildcard tests/vm/cpu/*.expected)))
VM_CPU_ELFS := $(patsubst %,build/vm/cpu/%.elf,$(VM_CPU_TESTS))

build/vm/cpu/%.elf: tests/vm/cpu/%.S tests/vm/cpu/common.S tests/vm/cpu/cpu.h tests/vm/cpu/kernel.ld
	@mkdir -p $(@D)
	$(CC) -nostdlib -static -no-pie -Wl,--build-id=none -Wl,--no-warn-rwx-segments -Wl,-T,tests/vm/cpu/kernel.ld \
		-o $@ tests/vm/cpu/common.S $<

# fetch-kernel.sh does nothing when the kernel is there.
build/deps/vm/release:
	sh tests/vm/fetch-kernel.sh build/deps/vm

build/vm/initramfs.gz: tests/vm/make-initramfs.sh tests/vm/init.sh build/deps/vm/release
	sh tests/vm/make-initramfs.sh build/deps/vm $@

$(B)/vm/kvm-harness: tests/vm/kvm_harness.c $(B)/libmimic.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(B)/libmimic.a $(MIMIC_LDLIBS)

VM_DEPS := $(VM_CPU_ELFS) build/vm/initramfs.gz

check-vm: $(B)/mimic $(VM_DEPS) $(B)/vm/kvm-harness
	@bash tests/vm/check.sh $(B)/mimic $(B)/vm/kvm-harness

check-vm-qemu: $(VM_DEPS)
	@bash tests/vm/check.sh --qemu

# Launch to the marker line and to exit, mimic against qemu -accel tcg.
bench-vm: $(B)/mimic $(VM_DEPS) build/bench/runstat
	@bash tests/bench/vm.sh $(B)/mimic build/bench/runstat

SAMPLES := $(patsubst samples/%.c,build/samples/%.exe,$(wildcard samples/*.c))
demo: deps
	@$(MAKE) --no-print-directory all $(SAMPLES)
	@sh tools/demo.sh $(B)/mimic build/samples

# hello.exe from samples/hello.c (tests/bench/hello.c until that exists), the
# same source built for Linux, and runstat, which measures time and peak RSS.
BENCH_HELLO := $(firstword $(wildcard samples/hello.c) tests/bench/hello.c)
bench: deps
	@$(MAKE) --no-print-directory all build/bench/hello.exe build/bench/hello.linux build/bench/runstat
	@sh tests/bench/run.sh $(B)/mimic build/bench
	@sh tests/bench/xlate.sh $(B)/mimic build/bench
	@$(MAKE) --no-print-directory build/tests/win/gui/shapes.exe build/tests/gui/guitest
	@sh tests/bench/gui-paint.sh $(B)/mimic build/tests/win/gui tests/guest/win/gui build/tests/gui/guitest

build/bench/hello.exe: $(BENCH_HELLO) $(CONFIG)
	@mkdir -p $(@D)
	$(MINGW_x86_64) -O2 -o $@ $<

build/bench/hello.linux: $(BENCH_HELLO)
	@mkdir -p $(@D)
	$(CC) -O2 -o $@ $<

build/bench/runstat: tests/bench/runstat.c
	@mkdir -p $(@D)
	$(CC) -O2 -Wall -Wextra -o $@ $<

clean:
	rm -rf build

-include $(shell find $(B)/obj $(B)/gen $(B)/tests/unit -name '*.d' 2>/dev/null)

# ---- CPU differential test (tests/cpu/): long runs with a seed --------------
.PHONY: fuzz-cpu
SEED ?= 1
N ?= 1000
ONLY ?=
$(B)/tests/cpu/fuzz: tests/cpu/fuzz.c tests/cpu/harness.c tests/cpu/forms.c tests/cpu/harness.h $(B)/libmimic.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(B)/libmimic.a $(LDLIBS)

fuzz-cpu: $(B)/tests/cpu/fuzz
	$(B)/tests/cpu/fuzz $(SEED) $(N) '$(ONLY)'

# ---- aarch64 Linux host (cross build, run under qemu-aarch64-static) --------
# The xlate engine only: winapi/ (native PE engine, x86-64 hosts), libffi,
# Capstone (`mimic dis`) and X11/FreeType are left out; tools/nowin_stubs.c
# says so when asked. The x87 computes through xlate/x87_soft.c (soft-float
# xlate/f80.c) there. Static (no aarch64 sysroot needed under qemu) and
# position-independent: a fixed 0x400000 would take the x86 programs' own address.
.PHONY: cross-aarch64 check-aarch64
AB := build/aarch64
CROSS_CC ?= $(if $(shell command -v aarch64-linux-gnu-gcc),aarch64-linux-gnu-gcc,clang --target=aarch64-linux-gnu)
CROSS_CFLAGS := -std=gnu11 $(WARN) -O2 -g -fPIE -I. -I$(AB) -D_GNU_SOURCE -MMD -MP
CROSS_SRCS := $(wildcard loader/*.c xlate/*.c syscalls/*.c) \
	tools/mimic.c tools/mimic_run.c tools/mimic_info.c tools/nowin_stubs.c
CROSS_OBJS := $(patsubst %.c,$(AB)/obj/%.o,$(CROSS_SRCS)) $(patsubst %.S,$(AB)/obj/%.o,$(LIB_ASM)) \
	$(AB)/gen/sys_x86_64.o $(AB)/gen/sys_i386.o

cross-aarch64: $(AB)/mimic

$(AB)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CROSS_CC) $(CROSS_CFLAGS) -c -o $@ $<

$(AB)/obj/%.o: %.S
	@mkdir -p $(@D)
	$(CROSS_CC) $(CROSS_CFLAGS) -c -o $@ $<

$(AB)/gen/sys_%.c: tools/syscallgen.awk syscalls/host_generic.tbl syscalls/%.tbl
	@mkdir -p $(@D)
	LC_ALL=C awk -v abi=$* -f tools/syscallgen.awk syscalls/host_generic.tbl syscalls/$*.tbl > $@.tmp && mv $@.tmp $@

$(AB)/gen/%.o: $(AB)/gen/%.c
	$(CROSS_CC) $(CROSS_CFLAGS) -c -o $@ $<

$(AB)/mimic: $(CROSS_OBJS)
	$(CROSS_CC) -static-pie -o $@ $^ -lpthread -lm -latomic

# The Linux guests and the busybox applets through the aarch64 build under
# qemu, against the references of the x86-64 runs (see tests/run-aarch64.sh).
check-aarch64: $(AB)/mimic $(LINUX_BINS) build/deps/busybox-i386/busybox
	@sh tests/run-aarch64.sh $(AB)/mimic

-include $(shell find $(AB)/obj $(AB)/gen -name '*.d' 2>/dev/null)
