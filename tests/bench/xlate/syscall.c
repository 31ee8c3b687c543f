/* syscall.c - a system call loop: getppid and a 1-byte write to /dev/null,
 * measuring the cost of leaving the guest and coming back. */
#include "bench.h"
#include <fcntl.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    int scale = bench_scale(argc, argv);
    int fd = open("/dev/null", O_WRONLY);
    if (fd < 0) { perror("/dev/null"); return 1; }
    long sum = 0;
    for (int i = 0; i < 10000 * scale; i++) {
        sum += getppid() > 0;
        sum += write(fd, "x", 1);
    }
    close(fd);
    printf("syscall %ld\n", sum);
    return 0;
}
