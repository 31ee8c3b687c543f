/* matrix.c - floating point: double matrix multiply and a float
 * Jacobi-style stencil (SSE2 scalar code on x86-64, x87 on i386). */
#include "bench.h"

#define M 64
static double x[M][M], y[M][M], z[M][M];
static float g[M][M], h[M][M];

int main(int argc, char **argv)
{
    int scale = bench_scale(argc, argv);
    uint32_t seed = 4242;
    for (int i = 0; i < M; i++)
        for (int j = 0; j < M; j++) {
            x[i][j] = (double)(bench_rand(&seed) % 1000) / 100.0;
            y[i][j] = (double)(bench_rand(&seed) % 1000) / 100.0;
            g[i][j] = (float)(bench_rand(&seed) % 100);
        }
    double trace = 0;
    for (int rep = 0; rep < 2 * scale; rep++) {
        for (int i = 0; i < M; i++)
            for (int j = 0; j < M; j++) {
                double s = 0;
                for (int k = 0; k < M; k++)
                    s += x[i][k] * y[k][j];
                z[i][j] = s;
            }
        for (int i = 0; i < M; i++)
            trace += z[i][i];
        for (int it = 0; it < 4; it++) {
            for (int i = 1; i < M - 1; i++)
                for (int j = 1; j < M - 1; j++)
                    h[i][j] = 0.25f * (g[i - 1][j] + g[i + 1][j] + g[i][j - 1] + g[i][j + 1]);
            for (int i = 1; i < M - 1; i++)
                for (int j = 1; j < M - 1; j++)
                    g[i][j] = h[i][j];
        }
    }
    printf("trace %.6e g %.6e\n", trace, (double)g[M / 2][M / 2]);
    return 0;
}
