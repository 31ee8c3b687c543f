/* configure probe: libffi links and can call a function. */
#include <ffi.h>

static int add(int a, int b) { return a + b; }

int main(void)
{
    ffi_cif cif;
    ffi_type *args[2] = { &ffi_type_sint, &ffi_type_sint };
    int a = 2, b = 3;
    void *values[2] = { &a, &b };
    ffi_arg result;
    if (ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 2, &ffi_type_sint, args) != FFI_OK)
        return 1;
    ffi_call(&cif, FFI_FN(add), &result, values);
    return (int)result == 5 ? 0 : 1;
}
