/* strfmt.c - strings and locale-free formatting: printf flags/width/
 * precision/length modifiers, %n, %m-free, positional arguments, strtol
 * family with bases and errno, string and memory functions, qsort/bsearch. */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int cmpint(const void *a, const void *b) { int x = *(const int *)a, y = *(const int *)b; return (x > y) - (x < y); }
static int cmpstr(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(void)
{
    char buf[256];
    int n;
    printf("[%5d][%-5d][%05d][%+d][% d][%x][%#x][%#o][%X]\n", 42, 42, 42, 42, 42, 255, 255, 8, 0xbeef);
    printf("[%.3d][%8.3d][%-8.3x][%.0d][%#.0o]\n", 7, 7, 7, 0, 0);
    printf("[%hhd][%hd][%ld][%lld][%zu][%td][%jd]\n", 300, 70000, -1L, LLONG_MIN, (size_t)12345, (ptrdiff_t)-3, INTMAX_MAX);
    printf("[%" PRIu64 "][%" PRIx32 "][%" PRId8 "]\n", UINT64_MAX, UINT32_MAX, (int8_t)-128);
    printf("[%s][%10s][%-10s][%.2s][%c][%5c][%%]\n", "abc", "abc", "abc", "abc", 'z', 'y');
    printf("[%*d][%-*d][%.*s]\n", 6, 1, 6, 2, 3, "abcdef");
    printf("[%2$s %1$s]", "world", "hello");
    printf("[%1$*2$d]\n", 9, 5);
    printf("%s%n|", "twelve chars", &n);
    printf("n=%d\n", n);
    n = snprintf(buf, 8, "%s-%d", "truncate", 123456);
    printf("snprintf %d \"%s\"\n", n, buf);
    n = snprintf(NULL, 0, "%0*d", 20, 5);
    printf("snprintf null %d\n", n);
    const char *nums[] = { "123", "-0x1F", "0777", "  +42abc", "9223372036854775808", "-9223372036854775809", "z", "0b101", "" };
    int bases[] = { 10, 16, 0, 10, 10, 10, 36, 0, 10 };
    for (unsigned i = 0; i < sizeof nums / sizeof nums[0]; i++) {
        char *end;
        errno = 0;
        long long v = strtoll(nums[i], &end, bases[i]);
        printf("strtoll(\"%s\",%d) = %lld errno %d rest \"%s\"\n", nums[i], bases[i], v, errno, end);
    }
    errno = 0;
    printf("strtoul -1 = %lu errno %d; strtoul 4294967296 = %lu\n", strtoul("-1", NULL, 10), errno,
           strtoul("4294967296", NULL, 10));
    errno = 0;
    long l = strtol("99999999999999999999", NULL, 10);
    printf("strtol overflow is max %d errno %d\n", l == LONG_MAX, errno);
    printf("atoi %d atol %ld\n", atoi("  -17x"), atol("2147483647"));
    strcpy(buf, "alpha,beta,,gamma");
    char *save, *tok;
    printf("strtok_r:");
    for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
        printf(" <%s>", tok);
    strcpy(buf, "alpha,beta,,gamma");
    char *p = buf;
    printf("\nstrsep:");
    while ((tok = strsep(&p, ",")))
        printf(" <%s>", tok);
    printf("\n");
    const char *hay = "the quick brown fox jumps";
    printf("strstr %s|strchr %s|strrchr %s|strpbrk %s|strspn %zu|strcspn %zu\n", strstr(hay, "fox"), strchr(hay, 'q'),
           strrchr(hay, 'o'), strpbrk(hay, "xyz"), strspn(hay, "the "), strcspn(hay, "aeiou"));
    printf("memmem %s memchr %s memrchr %s\n", (char *)memmem(hay, 25, "own", 3), (char *)memchr(hay, 'j', 25),
           (char *)memrchr(hay, 'u', 25));
    printf("cmp %d %d %d casecmp %d ncasecmp %d verscmp %d %d\n", strcmp("abc", "abd") < 0, strncmp("abcx", "abcy", 3),
           memcmp("\xff", "\x01", 1) > 0, strcasecmp("HeLLo", "hello"), strncasecmp("ABCd", "abce", 3),
           strverscmp("file9", "file10") < 0, strverscmp("a01", "a1") < 0);
    memset(buf, 'x', 20);
    memmove(buf + 2, buf, 5);
    memcpy(buf, "0123456789", 10);
    memmove(buf + 3, buf, 6);
    buf[12] = 0;
    printf("memmove %s\n", buf);
    char *d = strdup("duplicate"), *nd = strndup("duplicate", 3);
    printf("strdup %s strndup %s strlen %zu strnlen %zu\n", d, nd, strlen(d), strnlen(d, 4));
    free(d); free(nd);
    char dst[8];
    printf("stpcpy off %td, strncat %s\n", stpcpy(buf, "abc") - buf, strncat(strcpy(dst, "ab"), "cdefgh", 3));
    int arr[] = { 5, -3, 99, 0, 42, -3, 7, 1000, -1000, 8 };
    qsort(arr, 10, sizeof arr[0], cmpint);
    printf("qsort:");
    for (int i = 0; i < 10; i++) printf(" %d", arr[i]);
    int key = 42, *hit = bsearch(&key, arr, 10, sizeof arr[0], cmpint);
    printf(" bsearch 42 at %td\n", hit ? hit - arr : -1);
    char *words[] = { "pear", "Apple", "banana", "apple", "cherry", "Banana" };
    qsort(words, 6, sizeof words[0], cmpstr);
    for (int i = 0; i < 6; i++) printf("%s%c", words[i], i == 5 ? '\n' : ' ');
    printf("ctype:");
    for (int c = 0; c < 128; c += 9)
        printf(" %02x:%d%d%d%d%d%c", c, !!isalpha(c), !!isdigit(c), !!isspace(c), !!ispunct(c), !!isprint(c), toupper(c) > 32 && toupper(c) < 127 ? toupper(c) : '.');
    printf("\nffs %d %d, strerror(ENOENT) %s, strsignal: %s\n", ffs(0x80), ffs(0), strerror(ENOENT), strsignal(11));
    char line[64];
    n = sscanf("key=value 17 0x1f rest", "%[^=]=%s %d %i %n", line, buf, &key, &arr[0], &arr[1]);
    printf("sscanf %d %s %s %d %d %d\n", n, line, buf, key, arr[0], arr[1]);
    return 0;
}
