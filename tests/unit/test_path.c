/*
 * test_path.c - winapi/path.c: Win32 full path rules (GetFullPathName's
 * collapsing), DOS device names, FindFirstFile's wildcard rules, and the
 * case-insensitive host lookup with its missing-file/missing-path answer.
 * The kernel32 behaviour built on them is checked by the guest programs
 * tests/guest/win/{file,dir,path}_*.c.
 */
#include <criterion/criterion.h>

#include "winapi/path.h"
#include "winapi/teb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[256];

static void setup(void)
{
    snprintf(dir, sizeof dir, "/tmp/mimic-pathtest.XXXXXX");
    cr_assert(mkdtemp(dir));
    char c[300];
    snprintf(c, sizeof c, "%s/c", dir);
    mkdir(c, 0755);
    setenv("MIMIC_PREFIX", c, 1);
    teb_attach_thread();
    cr_assert(path_set_cwd("C:\\"));
}

static void teardown(void)
{
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}

static void full_is(const char *in, const char *want)
{
    char *f = path_full_win(in);
    cr_assert_not_null(f, "%s", in);
    cr_expect_str_eq(f, want, "full(%s)", in);
    free(f);
}

Test(path, full_names, .init = setup, .fini = teardown)
{
    full_is("a\\b\\..\\c", "C:\\a\\c");
    full_is("a/b//c/", "C:\\a\\b\\c\\");
    full_is("a\\..", "C:\\");
    full_is("a\\b\\..", "C:\\a");
    full_is("a\\.", "C:\\a");
    full_is("..\\..\\x", "C:\\x");
    full_is("x.  . ", "C:\\x");
    full_is("dir.\\f", "C:\\dir\\f");
    full_is("c:\\Mixed", "c:\\Mixed");
    full_is("Z:rel", "Z:\\rel");
    full_is("\\\\srv\\share\\..\\x", "\\\\srv\\share\\x");
    full_is("\\\\.\\C:\\a\\..\\b", "\\\\.\\C:\\b");
    full_is("nul", "\\\\.\\nul");
    full_is("C:\\any\\COM3.log", "\\\\.\\COM3");
    full_is("com0", "C:\\com0");
    cr_expect_null(path_full_win(""));
}

Test(path, devices)
{
    size_t off;
    cr_expect_eq(path_dos_device("nul", &off), 3);
    cr_expect_eq(path_dos_device("C:\\x\\Con.txt", &off), 3);
    cr_expect_eq(off, 5);
    cr_expect_eq(path_dos_device("lpt1:", &off), 4);
    cr_expect_eq(path_dos_device("nul ", &off), 3);
    cr_expect_eq(path_dos_device("null", &off), 0);
    cr_expect_eq(path_dos_device("\\\\srv\\share\\nul", &off), 0);
}

Test(path, wildcards)
{
    cr_expect(path_wildcard_match("*", "anything.txt", false));
    cr_expect(path_wildcard_match("*.*", "noext", false));
    cr_expect(path_wildcard_match("*.TXT", "a.txt", false));
    cr_expect(!path_wildcard_match("*.TXT", "a.txt", true));
    cr_expect(!path_wildcard_match("*.txt", "a.txt.bak", false));
    cr_expect(path_wildcard_match("*.txt", "a.b.txt", false));
    cr_expect(path_wildcard_match("a?c", "abc", false));
    cr_expect(!path_wildcard_match("a?c", "abbc", false));
    /* DOS_QM: '?' may match nothing before a dot or at the end */
    cr_expect(path_wildcard_match("file?.txt", "file.txt", false));
    cr_expect(path_wildcard_match("file?.txt", "file1.txt", false));
    cr_expect(path_wildcard_match("????", "ab", false));
    cr_expect(!path_wildcard_match("????", "abcde", false));
    /* "*." finds names without an extension */
    cr_expect(path_wildcard_match("*.", "noext", false));
    cr_expect(!path_wildcard_match("*.", "a.txt", false));
    cr_expect(path_wildcard_match("a*b*c", "aXXbYYc", false));
    cr_expect(!path_wildcard_match("a*b*c", "aXXbYY", false));
    cr_expect(path_wildcard_match("\xc3\xa9*", "\xc3\x89t\xc3\xa9", false));   /* é* matches Été */
}

Test(path, names)
{
    cr_expect(path_name_equal("ABC", 3, "abc", 3));
    cr_expect(path_name_equal("\xd0\x96", 2, "\xd0\xb6", 2));   /* Cyrillic Zhe */
    cr_expect(!path_name_equal("ab", 2, "abc", 3));
    cr_expect_eq(path_upcase(0xe9), 0xc9);
    cr_expect_eq(path_upcase(0x101), 0x100);
}

Test(path, resolve, .init = setup, .fini = teardown)
{
    char p[400];
    snprintf(p, sizeof p, "%s/c/Dir", dir);
    mkdir(p, 0755);
    snprintf(p, sizeof p, "%s/c/Dir/File.TXT", dir);
    FILE *f = fopen(p, "w");
    cr_assert_not_null(f);
    fclose(f);

    struct host_path hp;
    cr_assert(path_resolve("c:\\dir\\file.txt", &hp));
    cr_expect(hp.exists);
    cr_expect_str_eq(hp.path, p);
    host_path_free(&hp);

    cr_assert(path_resolve("DIR\\missing.txt", &hp));
    cr_expect(!hp.exists);
    cr_expect(hp.parent_exists);
    cr_expect_eq(host_path_missing_error(&hp), ERROR_FILE_NOT_FOUND);
    host_path_free(&hp);

    cr_assert(path_resolve("nodir\\missing.txt", &hp));
    cr_expect(!hp.parent_exists);
    cr_expect_eq(host_path_missing_error(&hp), ERROR_PATH_NOT_FOUND);
    host_path_free(&hp);

    cr_assert(path_resolve("dir\\file.txt\\x", &hp));   /* a file is no directory */
    cr_expect(!hp.parent_exists);
    host_path_free(&hp);

    cr_assert(path_resolve("nul", &hp));
    cr_expect_eq(hp.device, PATH_DEV_NULL);
    host_path_free(&hp);

    cr_expect(!path_resolve("dir\\a*b", &hp));
    cr_expect(!path_resolve("Q:\\x", &hp));

    cr_assert(path_set_cwd("DIR"));
    char *cwd = path_cwd_dup();
    cr_expect_str_eq(cwd, "C:\\DIR");   /* the spelling given, as Windows keeps it */
    free(cwd);
    cr_assert(path_resolve("FILE.txt", &hp));
    cr_expect(hp.exists);
    host_path_free(&hp);
}
