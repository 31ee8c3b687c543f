/* relocdll.c - a DLL whose preferred base is the program's own (0x140000000),
 * so the loader must place it elsewhere and apply its base relocations. */
// link: -Wl,--image-base=0x140000000
#include <windows.h>

static int value = 42;
static int table[3] = { 7, 8, 9 };
/* Absolute addresses in data: each needs a DIR64 relocation. */
int *value_ptr = &value;
int *table_ptrs[3] = { &table[0], &table[1], &table[2] };
static const char *names[2] = { "first", "second" };

__declspec(dllexport) int reloc_sum(void)
{
    return *value_ptr + *table_ptrs[0] + *table_ptrs[1] + *table_ptrs[2];
}

__declspec(dllexport) const char *reloc_name(int i)
{
    return names[i & 1];
}

__declspec(dllexport) int reloc_consistent(void)
{
    return value_ptr == &value && table_ptrs[2] == &table[2];
}
