/* string_basic: <string.h> of msvcrt - copies, comparisons (msvcrt's
 * strcmp returns -1/0/1), searches, tokenizing, msvcrt extensions and the
 * bounds-checked _s forms with their errno results.
 *
 * Expected output: Wine 8.0, except the strerror lines for 0, 12, 33, 34
 * and 42, where Wine prints glibc's texts ("Success", "Cannot allocate
 * memory" ...); they hold msvcrt's _sys_errlist texts, written by hand. */
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <errno.h>

static int sign(int v) { return (v > 0) - (v < 0); }

/* Keep gcc from folding the calls on constant strings: the strings pass
 * through an opaque register, and memcpy through a pointer. */
static const char *V(const char *s) { __asm__("" : "+r"(s)); return s; }
static void *(*volatile p_memcpy)(void *, const void *, size_t) = memcpy;

int main(void)
{
    char buf[64], big[128];

    /* copies and lengths */
    printf("strlen=%d %d\n", (int)strlen(V("hello")), (int)strlen(V("")));
    memset(buf, 'x', sizeof buf);
    strncpy(buf, "ab", 5);
    printf("strncpy pads: %d %d %d %d %c\n", buf[0], buf[2], buf[3], buf[4], buf[5]);
    strcpy(buf, "abcdef");
    memmove(buf + 2, buf, 4);
    printf("memmove overlap: %s\n", buf);
    strcpy(buf, "abcdef");
    p_memcpy(buf + 1, buf, 4);
    printf("memcpy overlap (msvcrt moves): %s\n", buf);
    strcpy(buf, "foo");
    strcat(buf, "bar");
    strncat(buf, "bazqux", 3);
    printf("cat: %s\n", buf);

    /* comparisons */
    printf("strcmp: %d %d %d %d\n", strcmp(V("abc"), "abd"), strcmp(V("abd"), "abc"), strcmp(V("abc"), "abc"),
           strcmp(V("ab"), "abc"));
    printf("strcmp high bytes: %d\n", strcmp(V("\x80"), "a"));
    printf("strncmp: %d %d\n", sign(strncmp(V("abcX"), "abcY", 3)), sign(strncmp(V("abcX"), "abcY", 4)));
    printf("memcmp: %d %d\n", sign(memcmp(V("\x01\xff"), "\x01\x00", 2)), memcmp(V("aa"), "ab", 1));
    printf("_stricmp: %d %d %d\n", _stricmp("HeLLo", "hello"), sign(_stricmp("a", "B")), sign(_stricmp("[", "a")));
    printf("_strnicmp: %d %d\n", _strnicmp("ABCdef", "abcXYZ", 3), sign(_strnicmp("ABCdef", "abcXYZ", 4)));
    printf("_memicmp: %d\n", _memicmp("AbC", "aBc", 3));
    printf("strcoll: %d %d\n", sign(strcoll(V("a"), "b")), sign(strcoll(V("B"), "a")));

    /* searching */
    const char *s = V("hello, world");
    printf("strchr: %s | %s | %d\n", strchr(s, 'o'), strrchr(s, 'o'), strchr(s, 'z') == NULL);
    printf("strchr NUL: %d\n", (int)(strchr(s, 0) - s));
    printf("strstr: %s | %d | %s\n", strstr(s, "wor"), strstr(s, "xyz") == NULL, strstr(s, ""));
    printf("strpbrk: %s\n", strpbrk(s, "dw,"));
    printf("strspn=%d strcspn=%d\n", (int)strspn(s, "leh"), (int)strcspn(s, " ,"));
    printf("memchr: %s\n", (char *)memchr(s, 'w', strlen(s)));

    /* strtok and strtok_s */
    strcpy(big, ";;a;bb;;ccc;");
    for (char *t = strtok(big, ";"); t; t = strtok(NULL, ";"))
        printf("[%s]", t);
    printf("\n");
    strcpy(big, "x=1, y=2");
    char *ctx = NULL;
    for (char *t = strtok_s(big, ", =", &ctx); t; t = strtok_s(NULL, ", =", &ctx))
        printf("<%s>", t);
    printf("\n");

    /* msvcrt extensions */
    strcpy(buf, "Hello World 123");
    printf("_strupr: %s\n", _strupr(buf));
    printf("_strlwr: %s\n", _strlwr(buf));
    printf("_strrev: %s\n", _strrev(buf));
    strcpy(buf, "ab");
    printf("_strrev2: %s\n", _strrev(buf));
    printf("_strset: %s\n", _strset(buf, '*'));
    strcpy(buf, "abcdef");
    _strnset(buf, '-', 3);
    printf("_strnset: %s\n", buf);
    char *d = _strdup("duplicate");
    printf("_strdup: %s %d\n", d, d != NULL);
    free(d);

    /* strerror */
    int errs[] = { 0, EPERM, ENOENT, EBADF, ENOMEM, EACCES, EEXIST, EINVAL, ERANGE, EDOM, 41, 42, 15, 43, 1000, -1 };
    for (int i = 0; i < (int)(sizeof errs / sizeof errs[0]); i++)
        printf("strerror(%d): %s\n", errs[i], strerror(errs[i]));

    /* bounds-checked forms */
    errno = 0;
    int r = strcpy_s(buf, 4, "abcdef");
    printf("strcpy_s small: %d errno=%d buf0=%d\n", r, errno, buf[0]);
    r = strcpy_s(buf, sizeof buf, "fits");
    printf("strcpy_s ok: %d %s\n", r, buf);
    r = strcat_s(buf, 8, "toolong");
    printf("strcat_s small: %d buf0=%d\n", r, buf[0]);
    strcpy(buf, "ab");
    r = strcat_s(buf, 8, "cde");
    printf("strcat_s ok: %d %s\n", r, buf);
    r = strncpy_s(buf, 5, "abcdefgh", _TRUNCATE);
    printf("strncpy_s truncate: %d %s\n", r, buf);
    r = strncpy_s(buf, 5, "abcdefgh", 3);
    printf("strncpy_s count: %d %s\n", r, buf);
    r = strncpy_s(buf, 5, "abcdefgh", 6);
    printf("strncpy_s range: %d buf0=%d\n", r, buf[0]);
    strcpy(buf, "12");
    r = strncat_s(buf, 6, "34567", _TRUNCATE);
    printf("strncat_s truncate: %d %s\n", r, buf);
    return 0;
}
