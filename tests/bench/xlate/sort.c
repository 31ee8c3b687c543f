/* sort.c - sorting: a hand-written quicksort and libc qsort on 32-bit keys,
 * then a binary-search pass; compares, branches, calls, memory traffic. */
#include "bench.h"

#define N 20000
static int a[N], b[N];

static void quick(int *v, int lo, int hi)
{
    while (lo < hi) {
        int p = v[(lo + hi) / 2], i = lo, j = hi;
        while (i <= j) {
            while (v[i] < p) i++;
            while (v[j] > p) j--;
            if (i <= j) { int t = v[i]; v[i] = v[j]; v[j] = t; i++; j--; }
        }
        if (j - lo < hi - i) { quick(v, lo, j); lo = i; }
        else { quick(v, i, hi); hi = j; }
    }
}

static int cmp(const void *x, const void *y)
{
    int p = *(const int *)x, q = *(const int *)y;
    return (p > q) - (p < q);
}

int main(int argc, char **argv)
{
    int scale = bench_scale(argc, argv);
    uint32_t seed = 777;
    unsigned long long sum = 0;
    for (int rep = 0; rep < scale; rep++) {
        for (int i = 0; i < N; i++)
            a[i] = b[i] = (int)(bench_rand(&seed) % 1000000);
        quick(a, 0, N - 1);
        qsort(b, N, sizeof b[0], cmp);
        for (int i = 0; i < N; i++) {
            if (a[i] != b[i]) { printf("mismatch at %d\n", i); return 1; }
            int key = a[(i * 7919) % N], lo = 0, hi = N - 1;
            while (lo < hi) {
                int mid = (lo + hi) / 2;
                if (a[mid] < key) lo = mid + 1; else hi = mid;
            }
            sum += (unsigned)lo;
        }
    }
    printf("sorted, sum %llu, a[0] %d a[N-1] %d\n", sum, a[0], a[N - 1]);
    return 0;
}
