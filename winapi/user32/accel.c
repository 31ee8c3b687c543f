/*
 * user32/accel.c - keyboard accelerators: CreateAcceleratorTableA/W,
 * DestroyAcceleratorTable, CopyAcceleratorTableA/W, LoadAcceleratorsA/W
 * (RT_ACCELERATOR resources) and TranslateAcceleratorA/W, which turns a
 * matching key message into WM_COMMAND (HIWORD(wParam) = 1) for the window,
 * as the message loops of wizard-generated Win32 programs expect.
 * Tables are heap copies behind their own handle values.
 */
#include "winapi/user32/user.h"
#include "winapi/teb.h"
#include "winapi/kernel32/k32sys.h"
#include "winapi/debug.h"

#include <stdlib.h>
#include <string.h>

DEBUG_CHANNEL(accel);

typedef void *HACCEL;

typedef struct { BYTE fVirt; WORD key; WORD cmd; } ACCEL;
_Static_assert(sizeof(ACCEL) == 6, "ACCEL");

/* The resource form: 8 bytes per entry, 0x80 in fFlags on the last one. */
typedef struct { WORD fFlags, wAnsi, wId, pad; } ACCELTABLEENTRY;

#define FVIRTKEY 0x01
#define FSHIFT 0x04
#define FCONTROL 0x08
#define FALT 0x10
#define ACCEL_MAX 64

struct accel_table {
    int n;
    ACCEL entries[];
};

static struct accel_table *tables[ACCEL_MAX];

#define ACCEL_BASE 0x30000u

static HACCEL add_table(struct accel_table *t)
{
    for (int i = 0; i < ACCEL_MAX; i++)
        if (!tables[i]) {
            tables[i] = t;
            return (HACCEL)(uintptr_t)(ACCEL_BASE + 4u * (i + 1));
        }
    free(t);
    set_last_error(ERROR_NOT_ENOUGH_MEMORY);
    return NULL;
}

static int table_index(HACCEL h)
{
    uintptr_t v = (uintptr_t)h;
    if (v <= ACCEL_BASE || (v & 3) || v > ACCEL_BASE + 4u * ACCEL_MAX)
        return -1;
    int i = (int)((v - ACCEL_BASE) / 4) - 1;
    return tables[i] ? i : -1;
}

HACCEL WINAPI user32_CreateAcceleratorTableW(const ACCEL *a, int n)
{
    if (!a || n <= 0) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    struct accel_table *t = malloc(sizeof *t + (size_t)n * sizeof(ACCEL));
    if (!t) {
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    t->n = n;
    memcpy(t->entries, a, (size_t)n * sizeof(ACCEL));
    return add_table(t);
}

HACCEL WINAPI user32_CreateAcceleratorTableA(const ACCEL *a, int n)
{
    HACCEL h = user32_CreateAcceleratorTableW(a, n);
    int i = table_index(h);
    /* Character keys of the A form are ANSI: make them Unicode. */
    for (int k = 0; i >= 0 && k < tables[i]->n; k++) {
        ACCEL *e = &tables[i]->entries[k];
        if (!(e->fVirt & FVIRTKEY)) {
            char c = (char)e->key;
            WCHAR w = 0;
            if (cp_to_wide(CP_ACP, &c, 1, &w, 1) == 1)
                e->key = w;
        }
    }
    return h;
}

BOOL WINAPI user32_DestroyAcceleratorTable(HACCEL h)
{
    int i = table_index(h);
    if (i < 0) {
        set_last_error(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    free(tables[i]);
    tables[i] = NULL;
    return TRUE;
}

int WINAPI user32_CopyAcceleratorTableW(HACCEL h, ACCEL *out, int n)
{
    int i = table_index(h);
    if (i < 0) {
        set_last_error(ERROR_INVALID_HANDLE);
        return 0;
    }
    if (!out)
        return tables[i]->n;
    if (n > tables[i]->n)
        n = tables[i]->n;
    memcpy(out, tables[i]->entries, (size_t)(n > 0 ? n : 0) * sizeof(ACCEL));
    return n;
}

int WINAPI user32_CopyAcceleratorTableA(HACCEL h, ACCEL *out, int n)
{
    return user32_CopyAcceleratorTableW(h, out, n);
}

static HACCEL load(HINSTANCE inst, const WCHAR *name)
{
    const void *entry = res_find(inst, (const WCHAR *)(uintptr_t)9 /* RT_ACCELERATOR */, name, 0xffff);
    if (!entry)
        return NULL;
    DWORD size = 0;
    const ACCELTABLEENTRY *e = res_data(inst, entry, &size);
    if (!e || size < sizeof *e) {
        set_last_error(ERROR_INVALID_DATA);
        return NULL;
    }
    int n = 0, max = (int)(size / sizeof *e);
    while (n < max && !(e[n++].fFlags & 0x80))
        ;
    ACCEL *a = malloc((size_t)n * sizeof *a);
    if (!a) {
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    for (int i = 0; i < n; i++)
        a[i] = (ACCEL){ (BYTE)(e[i].fFlags & 0x7f), e[i].wAnsi, e[i].wId };
    HACCEL h = user32_CreateAcceleratorTableW(a, n);
    free(a);
    return h;
}

HACCEL WINAPI user32_LoadAcceleratorsW(HINSTANCE inst, LPCWSTR name)
{
    return load(inst, name);
}

HACCEL WINAPI user32_LoadAcceleratorsA(HINSTANCE inst, LPCSTR name)
{
    if (IS_INTRESOURCE(name))
        return load(inst, (const WCHAR *)name);
    WCHAR *w = acp_to_wide(name);
    HACCEL h = w ? load(inst, w) : NULL;
    free(w);
    return h;
}

extern int16_t WINAPI user32_GetKeyState(int vk);

int WINAPI user32_TranslateAcceleratorW(HWND h, HACCEL ha, MSG *m)
{
    int i = table_index(ha);
    if (i < 0) {
        set_last_error(ERROR_INVALID_HANDLE);
        return 0;
    }
    if (!m || !win_get_quiet(h))
        return 0;
    bool virt;
    switch (m->message) {
    case WM_KEYDOWN: case WM_SYSKEYDOWN: virt = true; break;
    case WM_CHAR: case WM_SYSCHAR: virt = false; break;
    default: return 0;
    }
    BYTE mods = 0;
    if (user32_GetKeyState(0x10) < 0) mods |= FSHIFT;
    if (user32_GetKeyState(0x11) < 0) mods |= FCONTROL;
    if (user32_GetKeyState(0x12) < 0 || m->message == WM_SYSKEYDOWN || m->message == WM_SYSCHAR) mods |= FALT;
    for (int k = 0; k < tables[i]->n; k++) {
        const ACCEL *e = &tables[i]->entries[k];
        if (virt != ((e->fVirt & FVIRTKEY) != 0) || e->key != (WORD)m->wParam)
            continue;
        /* Virtual keys match their modifiers exactly; characters carry theirs. */
        if (virt && (e->fVirt & (FSHIFT | FCONTROL | FALT)) != mods)
            continue;
        if (!virt && (e->fVirt & FALT) != (mods & FALT))
            continue;
        msg_send(h, WM_COMMAND, ((WPARAM)1 << 16) | e->cmd, 0, false);
        return 1;
    }
    return 0;
}

int WINAPI user32_TranslateAcceleratorA(HWND h, HACCEL ha, MSG *m)
{
    return user32_TranslateAcceleratorW(h, ha, m);
}
