/* strings.c - the string functions glibc implements with SSE2. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(void)
{
    char buf[256], big[5000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = 0;
    big[3001] = 'y';
    printf("%zu %ld\n", strlen(big), (long)(strchr(big, 'y') - big));
    strcpy(buf, "Hello, ");
    strcat(buf, "world");
    printf("%s %zu %d %d\n", buf, strlen(buf), strcmp(buf, "Hello"), strncmp(buf, "Help", 3));
    printf("%s|%s|%s\n", strstr(buf, "wor"), strrchr(buf, 'o'), strpbrk(buf, ",w"));
    char *words[] = { "pear", "apple", "fig", "banana", "cherry", "date" };
    qsort(words, 6, sizeof *words, cmp);
    for (int i = 0; i < 6; i++)
        printf("%s%c", words[i], i == 5 ? '\n' : ' ');
    char s[] = "a,b,,c d,e";
    for (char *t = strtok(s, ", "); t; t = strtok(NULL, ", "))
        printf("[%s]", t);
    printf("\n");
    char m[64];
    memcpy(m, "0123456789abcdef", 16);
    memmove(m + 3, m, 10);
    printf("%.16s %d\n", m, memcmp(m, "0120123456789", 13));
    for (const char *p = "MiXeD 123"; *p; p++)
        putchar(islower(*p) ? toupper(*p) : tolower(*p));
    putchar('\n');
    printf("%ld %lu %g %lld\n", strtol("-0x1f", NULL, 16), strtoul("777", NULL, 8), strtod("1e-3", NULL), atoll("123456789012"));
    snprintf(buf, sizeof buf, "%08.3f|%-6d|%+d|%x|%o|%c|%5.2s", 3.14159, 42, 7, 255, 8, 'z', "abc");
    puts(buf);
    return 0;
}
