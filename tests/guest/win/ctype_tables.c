/* ctype_tables: the classification tables programs index directly
 * (_pctype through mingw's ctype.h macros, _pwctype, __pctype_func), the
 * is* functions of the "C" locale, _isctype, the wide classification of
 * Latin-1 and beyond, and toupper/tolower/_toupper. */
#include <stdio.h>
#include <ctype.h>
#include <wctype.h>

/* The same tests through the functions (no macros). */
static int (*volatile f_isalpha)(int) = isalpha;
static int (*volatile f_isspace)(int) = isspace;
static int (*volatile f_isprint)(int) = isprint;
static int (*volatile f_isgraph)(int) = isgraph;
static int (*volatile f_ispunct)(int) = ispunct;
static int (*volatile f_isxdigit)(int) = isxdigit;
static int (*volatile f_toupper)(int) = toupper;
static int (*volatile f_tolower)(int) = tolower;

int main(void)
{
    /* The narrow table: 16 values per line, all 256 bytes and EOF. */
    for (int c = 0; c < 256; c += 16) {
        printf("%02x:", c);
        for (int i = 0; i < 16; i++)
            printf(" %03x", _pctype[c + i]);
        printf("\n");
    }
    printf("EOF: %x, func==table: %d\n", _pctype[-1], __pctype_func() == _pctype);

    /* The wide table for U+0000-U+00FF. */
    for (int c = 0; c < 256; c += 16) {
        printf("w%02x:", c);
        for (int i = 0; i < 16; i++)
            printf(" %03x", _pwctype[c + i]);
        printf("\n");
    }

    /* Functions agree with the table. */
    int bad = 0;
    for (int c = -1; c < 256; c++) {
        if (!!f_isalpha(c) != !!(_pctype[c] & _ALPHA)) bad++;
        if (!!f_isspace(c) != !!(_pctype[c] & _SPACE)) bad++;
        if (!!f_ispunct(c) != !!(_pctype[c] & _PUNCT)) bad++;
        if (!!f_isxdigit(c) != !!(_pctype[c] & _HEX)) bad++;
    }
    printf("mismatches: %d\n", bad);
    printf("isprint: %d %d %d %d\n", !!f_isprint(' '), !!f_isprint('~'), !!f_isprint('\t'), !!f_isprint(0x7f));
    printf("isgraph: %d %d\n", !!f_isgraph(' '), !!f_isgraph('!'));
    printf("isalpha(0xe9)=%d isupper(0xc0)=%d\n", !!f_isalpha(0xe9), !!isupper(0xc0));
    printf("_isctype: %x %x %x\n", _isctype('A', _UPPER | _HEX), _isctype('g', _HEX), _isctype(' ', _BLANK));
    printf("__isascii: %d %d __toascii: %d\n", __isascii(0x7f), __isascii(0x80), __toascii(0xc1));
    printf("__iscsym: %d %d %d __iscsymf: %d %d\n", __iscsym('_'), __iscsym('5'), __iscsym('-'), __iscsymf('5'), __iscsymf('a'));
    printf("toupper: %c %c %d %d\n", f_toupper('q'), f_toupper('Q'), f_toupper(0xe9), f_toupper(-1));
    printf("tolower: %c %c %d\n", f_tolower('Q'), f_tolower('['), f_tolower(0xc9));
    printf("_toupper: %c _tolower: %c\n", _toupper('b'), _tolower('B'));

    /* Wide classification beyond Latin-1. */
    unsigned wc[] = { 0x100, 0x101, 0x391, 0x3b1, 0x416, 0x436, 0x5d0, 0x627, 0x660, 0x4e00, 0x3000,
                      0x2028, 0x20ac, 0xff10, 0xff21, 0xff41, 0x2014, 0x00ad };
    for (unsigned i = 0; i < sizeof wc / sizeof wc[0]; i++)
        printf("U+%04x: alpha=%d upper=%d lower=%d digit=%d space=%d punct=%d cntrl=%d\n", wc[i],
               !!iswalpha(wc[i]), !!iswupper(wc[i]), !!iswlower(wc[i]), !!iswdigit(wc[i]),
               !!iswspace(wc[i]), !!iswpunct(wc[i]), !!iswcntrl(wc[i]));
    printf("iswctype: %x %x\n", iswctype(L'A', _ALPHA), iswctype(L'5', _DIGIT | _HEX));
    return 0;
}
