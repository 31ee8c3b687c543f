/*
 * test_registry.c - the registry's hive files: the text format round-trips
 * every name and value exactly, volatile keys stay out, a damaged file is
 * never overwritten, and separate processes (forked here, as separate mimic
 * runs would be) see each other's changes and lose none of them when they
 * write at the same time. The Reg* semantics themselves are checked by the
 * guest programs tests/guest/win/reg_*.c.
 */
#include <criterion/criterion.h>

#include "winapi/advapi32/advapi32.h"
#include "winapi/teb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char dir[256];

/* A fresh prefix for this test (Criterion runs each test in its own process). */
static void setup(void)
{
    snprintf(dir, sizeof dir, "/tmp/mimic-regtest.XXXXXX");
    cr_assert(mkdtemp(dir));
    char c[300];
    snprintf(c, sizeof c, "%s/c", dir);
    mkdir(c, 0755);
    setenv("MIMIC_PREFIX", c, 1);
    teb_attach_thread();
}

static void teardown(void)
{
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}

static char *slurp(const char *leaf)
{
    char p[300];
    snprintf(p, sizeof p, "%s/registry/%s", dir, leaf);
    FILE *f = fopen(p, "rb");
    if (!f)
        return NULL;
    static char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    return strdup(buf);
}

static void spit(const char *leaf, const char *text)
{
    char p[300];
    snprintf(p, sizeof p, "%s/registry", dir);
    mkdir(p, 0755);
    snprintf(p, sizeof p, "%s/registry/%s", dir, leaf);
    FILE *f = fopen(p, "wb");
    cr_assert(f);
    fputs(text, f);
    fclose(f);
}

static const WCHAR *w(const char *s)
{
    static WCHAR buf[8][256];
    static int n;
    WCHAR *b = buf[n++ & 7];
    size_t i = 0;
    for (; s[i]; i++)
        b[i] = (unsigned char)s[i];
    b[i] = 0;
    return b;
}

static HKEY create(HKEY parent, const char *path)
{
    HKEY k = NULL;
    cr_assert_eq(advapi32_RegCreateKeyExW(parent, w(path), 0, NULL, 0, KEY_ALL_ACCESS, NULL, &k, NULL), 0);
    return k;
}

static void set(HKEY k, const WCHAR *name, DWORD type, const void *data, DWORD size)
{
    cr_assert_eq(advapi32_RegSetValueExW(k, name, 0, type, data, size), 0);
}

static DWORD query_dword(HKEY k, const char *name)
{
    DWORD v = 0, size = 4, type;
    LONG r = advapi32_RegQueryValueExW(k, w(name), NULL, &type, (BYTE *)&v, &size);
    return r ? 0xffffffffu : v;
}

Test(registry, format_round_trips_exactly, .init = setup, .fini = teardown)
{
    HKEY k = create(HKEY_CURRENT_USER, "Software\\Odd % [names]\\sub");
    static const WCHAR weird[] = { 'q', '"', '\\', '\n', '\t', 1, 0x7f, 0xe9, 0x20ac, 0xd800, 'x', 0xd83d, 0xde00, 0 };
    static const WCHAR sz[] = { 'a', 'b', 0 };
    static const WCHAR multi[] = { 'a', 0, 'b', 'c', 0, 0 };
    static const WCHAR multi_bad[] = { 'a', 0, 0, 'b', 0, 0 };
    static const WCHAR empty[] = { 0 };
    static const WCHAR keyname[] = { 'k', '"', ']', '%', '\t', 0xe9, 0xdc00, 0xd83d, 0xde00, 0 };
    static const BYTE bytes[] = { 0, 1, 2, 0xff };
    DWORD dw = 0xdeadbeef;
    ULONGLONG qw = 0x0102030405060708ull;
    set(k, weird, REG_SZ, weird, sizeof weird);
    set(k, w("sz"), REG_SZ, sz, sizeof sz);
    set(k, w("sz odd"), REG_SZ, sz, 3);
    set(k, w("sz no nul"), REG_EXPAND_SZ, sz, 4);
    set(k, w("multi"), REG_MULTI_SZ, multi, sizeof multi);
    set(k, w("multi empty"), REG_MULTI_SZ, empty, 2);
    set(k, w("multi bad"), REG_MULTI_SZ, multi_bad, sizeof multi_bad);
    set(k, w("dword"), REG_DWORD, &dw, 4);
    set(k, w("dword short"), REG_DWORD, &dw, 3);
    set(k, w("qword"), REG_QWORD, &qw, 8);
    set(k, w("binary"), REG_BINARY, bytes, 4);
    set(k, w("binary empty"), REG_BINARY, NULL, 0);
    set(k, w("none"), REG_NONE, bytes, 2);
    set(k, w("type 0x12345"), 0x12345, bytes, 3);
    set(k, NULL, REG_SZ, sz, sizeof sz);
    HKEY c = NULL;
    cr_assert_eq(advapi32_RegCreateKeyExW(k, keyname, 0, (WCHAR *)w("a \"class\""), 0, KEY_ALL_ACCESS, NULL, &c, NULL), 0);
    advapi32_RegCloseKey(c);
    cr_assert_eq(advapi32_RegCreateKeyExW(k, w("volatile"), 0, NULL, REG_OPTION_VOLATILE, KEY_ALL_ACCESS, NULL, &c, NULL), 0);
    set(c, w("gone"), REG_DWORD, &dw, 4);
    advapi32_RegCloseKey(c);
    advapi32_RegCloseKey(k);

    char *text = slurp("user.txt");
    cr_assert(text);
    cr_assert(!strstr(text, "volatile"), "volatile key written:\n%s", text);
    cr_assert(strstr(text, "[Software\\Odd %25 [names%5D\\sub]"), "%s", text);
    cr_assert(strstr(text, "\"sz\"=sz:\"ab\"\n"), "%s", text);
    cr_assert(strstr(text, "\"sz odd\"=hex(1):61,00,62\n"), "%s", text);
    cr_assert(strstr(text, "\"multi\"=multi_sz:\"a\",\"bc\"\n"), "%s", text);
    cr_assert(strstr(text, "\"multi empty\"=multi_sz:\n"), "%s", text);
    cr_assert(strstr(text, "\"dword\"=dword:deadbeef\n"), "%s", text);
    cr_assert(strstr(text, "\"qword\"=qword:0102030405060708\n"), "%s", text);
    cr_assert(strstr(text, "\"binary\"=binary:00,01,02,ff\n"), "%s", text);
    cr_assert(strstr(text, "\"type 0x12345\"=hex(12345):00,01,02\n"), "%s", text);
    cr_assert(strstr(text, "\sub\\k\"%5D%25%09\xc3\xa9%uDC00\xf0\x9f\x98\x80] t="), "%s", text);
    cr_assert(strstr(text, " class=\"a \\\"class\\\"\"\n"), "%s", text);
    cr_assert(strstr(text, "\"q\\\"\\\\\\n\\t\\x01\\x7F\xc3\xa9\xe2\x82\xac\\uD800x\xf0\x9f\x98\x80\""), "%s", text);

    /* Parse it into a new tree and write that: the same text. */
    struct reg_key *root = regstore_new_key(NULL, 0);
    root->flags = KEYF_ROOT;
    cr_assert(regfile_parse("user.txt", text, strlen(text), root));
    size_t len;
    char *again = regfile_format(root, "HKEY_CURRENT_USER", &len);
    cr_assert_str_eq(again, text);
    free(again);
    regstore_free_tree(root);
    free(text);
}

Test(registry, bad_files_are_reported_and_kept, .init = setup, .fini = teardown)
{
    static const char *const bad[] = {
        "[Software]\n",                                           /* no header */
        "; mimic registry v1: x\n[Software\n",                    /* no ']' */
        "; mimic registry v1: x\n[a\\\\b]\n",                     /* empty component */
        "; mimic registry v1: x\n\"v\"=dword:1\n",                /* value before a key */
        "; mimic registry v1: x\n[a]\n\"v\"=dword:123456789\n",   /* number too long */
        "; mimic registry v1: x\n[a]\n\"v\"=sz:\"abc\n",          /* unterminated */
        "; mimic registry v1: x\n[a]\n\"v\"=sz:\"\\q\"\n",        /* bad escape */
        "; mimic registry v1: x\n[a]\n\"v\"=binary:0,1\n",        /* one-digit bytes */
        "; mimic registry v1: x\n[a]\n\"v\"=zz:00\n",             /* unknown type */
        "; mimic registry v1: x\n[a]\n\"v\"=sz:\"\xff\"\n",       /* invalid UTF-8 */
        "; mimic registry v1: x\n[a] t=1 colour=\"red\"\n",        /* unknown attribute */
        "; mimic registry v1: x\n[a]\n\"\"=dword:1\n",            /* "" is written @ */
        "; mimic registry v1: x\n[a]\n\"v\"=dword:1 junk\n",      /* trailing text */
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        struct reg_key *root = regstore_new_key(NULL, 0);
        cr_assert(!regfile_parse("t.txt", bad[i], strlen(bad[i]), root), "accepted: %s", bad[i]);
        regstore_free_tree(root);
    }
    /* A good line after a bad one still counts. */
    const char *mixed = "; mimic registry v1: x\n[a]\n\"v\"=bogus\n\"w\"=dword:2a\n";
    struct reg_key *root = regstore_new_key(NULL, 0);
    cr_assert(!regfile_parse("t.txt", mixed, strlen(mixed), root));
    struct reg_key *a = regstore_find_child(root, w("A"), 1);
    cr_assert(a && a->nval == 1 && a->val[0].type == REG_DWORD);
    regstore_free_tree(root);

    /* A damaged hive file is read as far as it goes and never overwritten. */
    const char *damaged = "; mimic registry v1: HKEY_CURRENT_USER\n[Keep]\n\"v\"=dword:7\n[Broken\n";
    spit("user.txt", damaged);
    HKEY k = NULL;
    cr_assert_eq(advapi32_RegOpenKeyExW(HKEY_CURRENT_USER, w("keep"), 0, KEY_READ, &k), 0);
    cr_assert_eq(query_dword(k, "v"), 7);
    advapi32_RegCloseKey(k);
    k = create(HKEY_CURRENT_USER, "New");
    advapi32_RegCloseKey(k);
    char *text = slurp("user.txt");
    cr_assert_str_eq(text, damaged);
    free(text);
}

Test(registry, other_processes_changes_are_seen, .init = setup, .fini = teardown)
{
    HKEY k = create(HKEY_LOCAL_MACHINE, "Software\\Shared");
    DWORD one = 1;
    set(k, w("mine"), REG_DWORD, &one, 4);
    HKEY doomed = create(HKEY_LOCAL_MACHINE, "Software\\Shared\\doomed");

    pid_t pid = fork();
    if (pid == 0) {
        /* A separate process: its own copy of the tree, loaded from the file. */
        HKEY ck = NULL, top = NULL;
        DWORD two = 2;
        if (advapi32_RegOpenKeyExW(HKEY_LOCAL_MACHINE, w("Software\\Shared"), 0, KEY_ALL_ACCESS, &ck))
            _exit(10);
        if (query_dword(ck, "mine") != 1)
            _exit(11);
        if (advapi32_RegSetValueExW(ck, w("theirs"), 0, REG_DWORD, (BYTE *)&two, 4))
            _exit(12);
        if (advapi32_RegDeleteKeyW(ck, w("doomed")))
            _exit(13);
        if (advapi32_RegCreateKeyExW(ck, w("added"), 0, NULL, 0, KEY_ALL_ACCESS, NULL, &top, NULL))
            _exit(14);
        _exit(0);
    }
    int status;
    cr_assert_eq(waitpid(pid, &status, 0), pid);
    cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child status %d", status);

    cr_assert_eq(query_dword(k, "theirs"), 2);
    cr_assert_eq(query_dword(k, "mine"), 1);
    HKEY a = NULL;
    cr_assert_eq(advapi32_RegOpenKeyExW(k, w("added"), 0, KEY_READ, &a), 0);
    advapi32_RegCloseKey(a);
    /* Deleted by the other process while we held a handle: as on Windows. */
    cr_assert_eq(advapi32_RegSetValueExW(doomed, w("x"), 0, REG_DWORD, (BYTE *)&one, 4), ERROR_KEY_DELETED);
    cr_assert_eq(advapi32_RegOpenKeyExW(k, w("doomed"), 0, KEY_READ, &a), ERROR_FILE_NOT_FOUND);
    advapi32_RegCloseKey(doomed);
    advapi32_RegCloseKey(k);
}

Test(registry, concurrent_writers_lose_nothing, .init = setup, .fini = teardown)
{
    enum { WRITERS = 4, KEYS = 15 };
    pid_t pids[WRITERS];
    for (int i = 0; i < WRITERS; i++) {
        pids[i] = fork();
        if (pids[i] == 0) {
            for (int j = 0; j < KEYS; j++) {
                char name[64];
                HKEY k = NULL;
                DWORD v = (DWORD)(i * 100 + j);
                snprintf(name, sizeof name, "Software\\Race\\w%d-%d", i, j);
                if (advapi32_RegCreateKeyExW(HKEY_CURRENT_USER, w(name), 0, NULL, 0, KEY_ALL_ACCESS, NULL, &k, NULL))
                    _exit(1);
                if (advapi32_RegSetValueExW(k, w("v"), 0, REG_DWORD, (BYTE *)&v, 4))
                    _exit(2);
                advapi32_RegCloseKey(k);
            }
            _exit(0);
        }
    }
    for (int i = 0; i < WRITERS; i++) {
        int status;
        cr_assert_eq(waitpid(pids[i], &status, 0), pids[i]);
        cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
    HKEY race = NULL;
    cr_assert_eq(advapi32_RegOpenKeyExW(HKEY_CURRENT_USER, w("Software\\Race"), 0, KEY_READ, &race), 0);
    DWORD subkeys = 0;
    cr_assert_eq(advapi32_RegQueryInfoKeyW(race, NULL, NULL, NULL, &subkeys, NULL, NULL, NULL, NULL, NULL, NULL, NULL), 0);
    cr_assert_eq(subkeys, WRITERS * KEYS);
    for (int i = 0; i < WRITERS; i++)
        for (int j = 0; j < KEYS; j++) {
            char name[64];
            HKEY k = NULL;
            snprintf(name, sizeof name, "w%d-%d", i, j);
            cr_assert_eq(advapi32_RegOpenKeyExW(race, w(name), 0, KEY_READ, &k), 0);
            cr_assert_eq(query_dword(k, "v"), (DWORD)(i * 100 + j));
            advapi32_RegCloseKey(k);
        }
    advapi32_RegCloseKey(race);
}

Test(registry, unwritable_prefix_keeps_changes_in_memory, .init = setup, .fini = teardown)
{
    /* The registry folder is a file: nothing can be saved, everything works. */
    char p[300];
    snprintf(p, sizeof p, "%s/registry", dir);
    FILE *f = fopen(p, "w");
    cr_assert(f);
    fclose(f);
    HKEY k = create(HKEY_CURRENT_USER, "Software\\Mem");
    DWORD v = 5;
    set(k, w("v"), REG_DWORD, &v, 4);
    cr_assert_eq(query_dword(k, "v"), 5);
    advapi32_RegCloseKey(k);
}
