/* stdio_textpos.c - positions in a text-mode stream across many buffer
 * refills: lines of every length (so CRLF pairs straddle the 4096-byte
 * buffer and _read's boundary), ftell while reading character by
 * character, fseek back to a remembered position and re-reading the same
 * text, and ftell while writing with output still buffered. */
#define __USE_MINGW_ANSI_STDIO 0
#include <stdio.h>
#include <string.h>

int main(void)
{
    FILE *f = fopen("pos.txt", "w");
    long wpos[8];
    int nw = 0;
    for (int i = 0; i < 700; i++) {
        for (int k = 0; k < i % 37; k++)
            fputc('a' + (i + k) % 26, f);
        fputc('\n', f);
        if (i % 100 == 50 && nw < 8)
            wpos[nw++] = ftell(f);
    }
    printf("written, ftell %ld, at checkpoints:", ftell(f));
    for (int i = 0; i < nw; i++)
        printf(" %ld", wpos[i]);
    printf("\n");
    fclose(f);

    f = fopen("pos.txt", "r");
    long marks[16];
    int chars_at[16], nm = 0, c, count = 0, lines = 0;
    char seen[16][8];
    while ((c = fgetc(f)) != EOF) {
        count++;
        if (c == '\n')
            lines++;
        if (count % 1500 == 0 && nm < 16) {
            marks[nm] = ftell(f);
            chars_at[nm] = count;
            fread(seen[nm], 1, 7, f);
            seen[nm][7] = 0;
            fseek(f, marks[nm], SEEK_SET);
            nm++;
        }
    }
    printf("read %d chars, %d lines, final ftell %ld\n", count, lines, ftell(f));
    int same = 0;
    for (int i = 0; i < nm; i++) {
        char again[8];
        fseek(f, marks[i], SEEK_SET);
        fread(again, 1, 7, f);
        again[7] = 0;
        same += !strcmp(again, seen[i]);
        printf("mark %d: char %d at offset %ld [%s]\n", i, chars_at[i], marks[i], again);
    }
    printf("re-read matches: %d of %d\n", same, nm);
    fclose(f);
    return 0;
}
