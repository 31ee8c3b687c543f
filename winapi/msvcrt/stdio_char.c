/*
 * stdio_char.c - character and line I/O on msvcrt streams: fgetc/fputc and
 * their aliases, fgets/fputs/gets/puts, ungetc, _getw/_putw, and the wide
 * forms. On a text-mode stream the wide functions convert each character
 * through the CRT code page (one byte per character in the "C" locale); on
 * a binary stream a WCHAR is two raw bytes, as msvcrt does.
 */
#include "winapi/msvcrt/msvcrt.h"

#include <string.h>

bool msvcrt_stream_begin_output(MSVCRT_FILE *f);
void msvcrt_stream_end_output(MSVCRT_FILE *f, bool tmp);
bool msvcrt_stream_alloc_buffer(MSVCRT_FILE *f);
CDECL SIZE_T msvcrt__fwrite_nolock(const void *ptr, SIZE_T size, SIZE_T nmemb, MSVCRT_FILE *f);
CDECL SIZE_T msvcrt__fread_nolock(void *ptr, SIZE_T size, SIZE_T nmemb, MSVCRT_FILE *f);

#define CHECK_STREAM(f, ret) do { if (!(f)) { msvcrt_invalid_parameter(MSVCRT_EINVAL); return ret; } } while (0)

/* ---- narrow characters ----------------------------------------------------------- */

CDECL int msvcrt__fgetc_nolock(MSVCRT_FILE *f)
{
    if (f->_cnt > 0) {
        f->_cnt--;
        return *(unsigned char *)f->_ptr++;
    }
    return msvcrt__filbuf(f);
}

CDECL int msvcrt_fgetc(MSVCRT_FILE *f)
{
    CHECK_STREAM(f, MSVCRT_EOF);
    msvcrt_lock_file(f);
    int c = msvcrt__fgetc_nolock(f);
    msvcrt_unlock_file(f);
    return c;
}

CDECL int msvcrt_getc(MSVCRT_FILE *f) { return msvcrt_fgetc(f); }
CDECL int msvcrt__getc_nolock(MSVCRT_FILE *f) { return msvcrt__fgetc_nolock(f); }
CDECL int msvcrt_getchar(void) { return msvcrt_fgetc(MSVCRT_stdin); }
CDECL int msvcrt__fgetchar(void) { return msvcrt_fgetc(MSVCRT_stdin); }
CDECL int msvcrt__getchar_nolock(void) { return msvcrt__fgetc_nolock(MSVCRT_stdin); }

CDECL int msvcrt__fputc_nolock(int c, MSVCRT_FILE *f)
{
    if (f->_cnt > 0 && (f->_flag & MSVCRT_IOWRT)) {
        f->_cnt--;
        *f->_ptr++ = (char)c;
        return c & 0xff;
    }
    return msvcrt__flsbuf(c, f);
}

CDECL int msvcrt_fputc(int c, MSVCRT_FILE *f)
{
    CHECK_STREAM(f, MSVCRT_EOF);
    msvcrt_lock_file(f);
    int r = msvcrt__fputc_nolock(c, f);
    msvcrt_unlock_file(f);
    return r;
}

CDECL int msvcrt_putc(int c, MSVCRT_FILE *f) { return msvcrt_fputc(c, f); }
CDECL int msvcrt__putc_nolock(int c, MSVCRT_FILE *f) { return msvcrt__fputc_nolock(c, f); }
CDECL int msvcrt_putchar(int c) { return msvcrt_fputc(c, MSVCRT_stdout); }
CDECL int msvcrt__fputchar(int c) { return msvcrt_fputc(c, MSVCRT_stdout); }
CDECL int msvcrt__putchar_nolock(int c) { return msvcrt__fputc_nolock(c, MSVCRT_stdout); }

CDECL char *msvcrt_fgets(char *s, int size, MSVCRT_FILE *f)
{
    if (!s || size <= 0 || !f) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return NULL;
    }
    char *p = s;
    msvcrt_lock_file(f);
    int c = 0;
    while (size > 1 && (c = msvcrt__fgetc_nolock(f)) != MSVCRT_EOF) {
        *p++ = (char)c;
        size--;
        if (c == '\n')
            break;
    }
    msvcrt_unlock_file(f);
    if (c == MSVCRT_EOF && p == s)
        return NULL;
    if ((f->_flag & MSVCRT_IOERR) && c == MSVCRT_EOF)
        return NULL;
    *p = 0;
    return s;
}

/* gets: a line from stdin without its newline; NULL at end of file before any character. */
CDECL char *msvcrt_gets(char *s)
{
    if (!s) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return NULL;
    }
    MSVCRT_FILE *f = MSVCRT_stdin;
    char *p = s;
    int c;
    msvcrt_lock_file(f);
    while ((c = msvcrt__fgetc_nolock(f)) != MSVCRT_EOF && c != '\n')
        *p++ = (char)c;
    msvcrt_unlock_file(f);
    if (c == MSVCRT_EOF && p == s)
        return NULL;
    *p = 0;
    return s;
}

CDECL char *msvcrt_gets_s(char *s, SIZE_T size)
{
    if (!s || !size) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return NULL;
    }
    MSVCRT_FILE *f = MSVCRT_stdin;
    SIZE_T n = 0;
    int c;
    msvcrt_lock_file(f);
    while ((c = msvcrt__fgetc_nolock(f)) != MSVCRT_EOF && c != '\n') {
        if (n + 1 >= size) {
            /* Too long: the rest of the line is dropped and the call fails. */
            while ((c = msvcrt__fgetc_nolock(f)) != MSVCRT_EOF && c != '\n')
                ;
            msvcrt_unlock_file(f);
            s[0] = 0;
            msvcrt_invalid_parameter(MSVCRT_ERANGE);
            return NULL;
        }
        s[n++] = (char)c;
    }
    msvcrt_unlock_file(f);
    if (c == MSVCRT_EOF && !n)
        return NULL;
    s[n] = 0;
    return s;
}

CDECL int msvcrt_fputs(const char *s, MSVCRT_FILE *f)
{
    if (!s || !f) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return MSVCRT_EOF;
    }
    size_t n = strlen(s);
    msvcrt_lock_file(f);
    bool tmp = msvcrt_stream_begin_output(f);
    int r = msvcrt__fwrite_nolock(s, 1, n, f) == n ? 0 : MSVCRT_EOF;
    msvcrt_stream_end_output(f, tmp);
    msvcrt_unlock_file(f);
    return r;
}

CDECL int msvcrt_puts(const char *s)
{
    if (!s) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return MSVCRT_EOF;
    }
    MSVCRT_FILE *f = MSVCRT_stdout;
    size_t n = strlen(s);
    msvcrt_lock_file(f);
    bool tmp = msvcrt_stream_begin_output(f);
    int r = 0;
    if (msvcrt__fwrite_nolock(s, 1, n, f) != n || msvcrt__fwrite_nolock("\n", 1, 1, f) != 1)
        r = MSVCRT_EOF;
    msvcrt_stream_end_output(f, tmp);
    msvcrt_unlock_file(f);
    return r;
}

CDECL int msvcrt__ungetc_nolock(int c, MSVCRT_FILE *f)
{
    if (c == MSVCRT_EOF || !((f->_flag & MSVCRT_IOREAD) ||
                             ((f->_flag & MSVCRT_IORW) && !(f->_flag & MSVCRT_IOWRT))))
        return MSVCRT_EOF;
    if (!(f->_flag & (MSVCRT_IONBF | MSVCRT_IOMYBUF | MSVCRT_USERBUF)) && msvcrt_stream_alloc_buffer(f)) {
        f->_ptr++;
    } else if (!f->_base) {
        /* A console stdout/stderr without a buffer: _charbuf holds the character. */
        f->_base = f->_ptr = (char *)&f->_charbuf;
        f->_bufsiz = 2;
        f->_flag |= MSVCRT_IONBF;
        f->_ptr++;
    } else if (!f->_cnt && f->_ptr == f->_base) {
        f->_ptr++;
    }
    if (f->_ptr > f->_base) {
        f->_ptr--;
        if (f->_flag & MSVCRT_IOSTRG) {
            if (*f->_ptr != (char)c) {
                f->_ptr++;
                return MSVCRT_EOF;
            }
        } else {
            *f->_ptr = (char)c;
        }
        f->_cnt++;
        f->_flag &= ~(MSVCRT_IOERR | MSVCRT_IOEOF);
        f->_flag |= MSVCRT_IOREAD;
        return c & 0xff;
    }
    return MSVCRT_EOF;
}

CDECL int msvcrt_ungetc(int c, MSVCRT_FILE *f)
{
    CHECK_STREAM(f, MSVCRT_EOF);
    msvcrt_lock_file(f);
    int r = msvcrt__ungetc_nolock(c, f);
    msvcrt_unlock_file(f);
    return r;
}

CDECL int msvcrt__getw(MSVCRT_FILE *f)
{
    CHECK_STREAM(f, MSVCRT_EOF);
    int v;
    msvcrt_lock_file(f);
    SIZE_T n = msvcrt__fread_nolock(&v, sizeof v, 1, f);
    msvcrt_unlock_file(f);
    if (n != 1) {
        f->_flag |= MSVCRT_IOEOF;
        return MSVCRT_EOF;
    }
    return v;
}

CDECL int msvcrt__putw(int v, MSVCRT_FILE *f)
{
    CHECK_STREAM(f, MSVCRT_EOF);
    msvcrt_lock_file(f);
    SIZE_T n = msvcrt__fwrite_nolock(&v, sizeof v, 1, f);
    msvcrt_unlock_file(f);
    if (n != 1) {
        f->_flag |= MSVCRT_IOERR;
        return MSVCRT_EOF;
    }
    return v;
}

/* ---- wide characters -------------------------------------------------------------- */

/* Wide characters through the code page: ANSI text mode only. In binary
 * and in the Unicode text modes, a WCHAR goes to _write as two bytes. */
static bool stream_is_text(MSVCRT_FILE *f)
{
    return (msvcrt_fd_flags(f->_file) & FD_TEXT) && msvcrt_fd_textmode(f->_file) == TEXTMODE_ANSI;
}

CDECL int msvcrt__fgetwc_nolock(MSVCRT_FILE *f)
{
    if (!stream_is_text(f)) {
        WCHAR w;
        int lo = msvcrt__fgetc_nolock(f);
        if (lo == MSVCRT_EOF)
            return MSVCRT_WEOF;
        int hi = msvcrt__fgetc_nolock(f);
        if (hi == MSVCRT_EOF) {
            f->_flag |= MSVCRT_IOEOF;
            return MSVCRT_WEOF;
        }
        w = (WCHAR)(lo | (hi << 8));
        return w;
    }
    char mb[4];
    int c = msvcrt__fgetc_nolock(f);
    if (c == MSVCRT_EOF)
        return MSVCRT_WEOF;
    mb[0] = (char)c;
    WCHAR w;
    if (msvcrt_mbtowc_cp(&w, mb, 1) < 0) {
        msvcrt_set_errno(MSVCRT_EILSEQ);
        return MSVCRT_WEOF;
    }
    return w;
}

CDECL int msvcrt_fgetwc(MSVCRT_FILE *f)
{
    CHECK_STREAM(f, MSVCRT_WEOF);
    msvcrt_lock_file(f);
    int c = msvcrt__fgetwc_nolock(f);
    msvcrt_unlock_file(f);
    return c;
}

CDECL int msvcrt_getwc(MSVCRT_FILE *f) { return msvcrt_fgetwc(f); }
CDECL int msvcrt__getwc_nolock(MSVCRT_FILE *f) { return msvcrt__fgetwc_nolock(f); }
CDECL int msvcrt_getwchar(void) { return msvcrt_fgetwc(MSVCRT_stdin); }
CDECL int msvcrt__fgetwchar(void) { return msvcrt_fgetwc(MSVCRT_stdin); }

CDECL int msvcrt__fputwc_nolock(int wc, MSVCRT_FILE *f)
{
    WCHAR w = (WCHAR)wc;
    if (stream_is_text(f)) {
        char mb[8];
        int n = msvcrt_wctomb_cp(mb, w);
        if (n < 0) {
            msvcrt_set_errno(MSVCRT_EILSEQ);
            return MSVCRT_WEOF;
        }
        return msvcrt__fwrite_nolock(mb, (SIZE_T)n, 1, f) == 1 ? w : MSVCRT_WEOF;
    }
    return msvcrt__fwrite_nolock(&w, sizeof w, 1, f) == 1 ? w : MSVCRT_WEOF;
}

CDECL int msvcrt_fputwc(int wc, MSVCRT_FILE *f)
{
    CHECK_STREAM(f, MSVCRT_WEOF);
    msvcrt_lock_file(f);
    int r = msvcrt__fputwc_nolock(wc, f);
    msvcrt_unlock_file(f);
    return r;
}

CDECL int msvcrt_putwc(int wc, MSVCRT_FILE *f) { return msvcrt_fputwc(wc, f); }
CDECL int msvcrt__putwc_nolock(int wc, MSVCRT_FILE *f) { return msvcrt__fputwc_nolock(wc, f); }
CDECL int msvcrt_putwchar(int wc) { return msvcrt_fputwc(wc, MSVCRT_stdout); }
CDECL int msvcrt__fputwchar(int wc) { return msvcrt_fputwc(wc, MSVCRT_stdout); }

CDECL WCHAR *msvcrt_fgetws(WCHAR *s, int size, MSVCRT_FILE *f)
{
    if (!s || size <= 0 || !f) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return NULL;
    }
    WCHAR *p = s;
    int c = 0;
    msvcrt_lock_file(f);
    while (size > 1 && (c = msvcrt__fgetwc_nolock(f)) != MSVCRT_WEOF) {
        *p++ = (WCHAR)c;
        size--;
        if (c == '\n')
            break;
    }
    msvcrt_unlock_file(f);
    if (c == MSVCRT_WEOF && p == s)
        return NULL;
    *p = 0;
    return s;
}

CDECL WCHAR *msvcrt__getws(WCHAR *s)
{
    if (!s) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return NULL;
    }
    MSVCRT_FILE *f = MSVCRT_stdin;
    WCHAR *p = s;
    int c;
    msvcrt_lock_file(f);
    while ((c = msvcrt__fgetwc_nolock(f)) != MSVCRT_WEOF && c != '\n')
        *p++ = (WCHAR)c;
    msvcrt_unlock_file(f);
    if (c == MSVCRT_WEOF && p == s)
        return NULL;
    *p = 0;
    return s;
}

CDECL int msvcrt_fputws(const WCHAR *s, MSVCRT_FILE *f)
{
    if (!s || !f) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return MSVCRT_EOF;
    }
    msvcrt_lock_file(f);
    bool tmp = msvcrt_stream_begin_output(f);
    int r = 0;
    for (; *s; s++)
        if (msvcrt__fputwc_nolock(*s, f) == MSVCRT_WEOF) {
            r = MSVCRT_EOF;
            break;
        }
    msvcrt_stream_end_output(f, tmp);
    msvcrt_unlock_file(f);
    return r;
}

CDECL int msvcrt__putws(const WCHAR *s)
{
    if (!s) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return MSVCRT_EOF;
    }
    MSVCRT_FILE *f = MSVCRT_stdout;
    msvcrt_lock_file(f);
    bool tmp = msvcrt_stream_begin_output(f);
    int r = msvcrt_fputws(s, f);
    if (!r && msvcrt__fputwc_nolock('\n', f) == MSVCRT_WEOF)
        r = MSVCRT_EOF;
    msvcrt_stream_end_output(f, tmp);
    msvcrt_unlock_file(f);
    return r;
}

CDECL int msvcrt__ungetwc_nolock(int wc, MSVCRT_FILE *f);

CDECL int msvcrt_ungetwc(int wc, MSVCRT_FILE *f)
{
    CHECK_STREAM(f, MSVCRT_WEOF);
    msvcrt_lock_file(f);
    int r = msvcrt__ungetwc_nolock(wc, f);
    msvcrt_unlock_file(f);
    return r;
}

CDECL int msvcrt__ungetwc_nolock(int wc, MSVCRT_FILE *f)
{
    CHECK_STREAM(f, MSVCRT_WEOF);
    if ((WCHAR)wc == MSVCRT_WEOF)
        return MSVCRT_WEOF;
    int r = wc & 0xffff;
    if (stream_is_text(f)) {
        char mb[8];
        int n = msvcrt_wctomb_cp(mb, (WCHAR)wc);
        if (n < 0) {
            r = MSVCRT_WEOF;
        } else {
            for (int i = n - 1; i >= 0; i--)
                if (msvcrt__ungetc_nolock((unsigned char)mb[i], f) == MSVCRT_EOF) {
                    r = MSVCRT_WEOF;
                    break;
                }
        }
    } else {
        if (msvcrt__ungetc_nolock((wc >> 8) & 0xff, f) == MSVCRT_EOF ||
            msvcrt__ungetc_nolock(wc & 0xff, f) == MSVCRT_EOF)
            r = MSVCRT_WEOF;
    }
    return r;
}
