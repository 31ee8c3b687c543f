/* stdio_stdin.c - reading stdin (a file here, NAME.stdin): in text mode
 * CRLF arrives as LF and a bare LF stays LF; fgets, scanf, getchar,
 * ungetc, gets and the end of the input (feof, EOF from getchar, NULL from
 * fgets); what _isatty and _fileno say about the std streams. */
#define __USE_MINGW_ANSI_STDIO 0
#include <stdio.h>
#include <string.h>
#include <io.h>

static void show(const char *what, const char *s)
{
    printf("%s:", what);
    for (; *s; s++)
        printf(*s >= ' ' ? "%c" : "<%02x>", *s);
    printf("\n");
}

int main(void)
{
    char line[64];
    int n, r;
    double d;

    printf("fileno %d %d %d isatty(0)=%d\n", _fileno(stdin), _fileno(stdout), _fileno(stderr), _isatty(0));
    show("fgets", fgets(line, sizeof line, stdin));
    show("fgets", fgets(line, sizeof line, stdin));
    r = scanf("%d %lf %s", &n, &d, line);
    printf("scanf r=%d %d %g %s\n", r, n, d, line);
    int c = getchar();
    printf("getchar after scanf: %#x\n", c);
    c = getchar();
    printf("getchar: %c, ungetc: %c,", c, ungetc(c, stdin));
    printf(" getchar again: %c\n", getchar());
    show("gets", gets(line));
    char *p = fgets(line, sizeof line, stdin);
    show("fgets last", p ? p : "(null)");
    printf("feof=%d\n", feof(stdin) != 0);
    p = fgets(line, sizeof line, stdin);
    printf("fgets at end: %s, getchar: %d\n", p ? "line" : "NULL", getchar());
    return 0;
}
