/*
 * teb.h - the x64 TEB, PEB and process parameters, laid out as Windows has
 * them (offsets checked below), because programs and the mingw/MSVC runtimes
 * read them directly through the GS segment:
 *
 *   gs:[0x30] TEB self    gs:[0x58] TLS array    gs:[0x60] PEB
 *   gs:[0x68] last error  gs:[0x1480] TlsSlots[64]
 *
 * One TEB per thread; the GS base of each host thread running guest code
 * points at its TEB (native engine).
 */
#ifndef MIMIC_WINAPI_TEB_H
#define MIMIC_WINAPI_TEB_H

#include "winapi/wintypes.h"
#include <stddef.h>

struct list_entry { struct list_entry *flink, *blink; };

struct rtl_user_process_parameters {
    ULONG maximum_length;               /* 0x00 */
    ULONG length;                       /* 0x04 */
    ULONG flags;                        /* 0x08 */
    ULONG debug_flags;                  /* 0x0c */
    HANDLE console_handle;              /* 0x10 */
    ULONG console_flags;                /* 0x18 */
    HANDLE std_input;                   /* 0x20 */
    HANDLE std_output;                  /* 0x28 */
    HANDLE std_error;                   /* 0x30 */
    UNICODE_STRING current_directory;   /* 0x38 */
    HANDLE current_directory_handle;    /* 0x48 */
    UNICODE_STRING dll_path;            /* 0x50 */
    UNICODE_STRING image_path_name;     /* 0x60 */
    UNICODE_STRING command_line;        /* 0x70 */
    WCHAR *environment;                 /* 0x80 */
    ULONG starting_x, starting_y, count_x, count_y, count_chars_x, count_chars_y, fill_attribute;
    ULONG window_flags;                 /* 0xa4 */
    ULONG show_window_flags;            /* 0xa8 */
    UNICODE_STRING window_title;        /* 0xb0 */
    UNICODE_STRING desktop_info;        /* 0xc0 */
    UNICODE_STRING shell_info;          /* 0xd0 */
    UNICODE_STRING runtime_data;        /* 0xe0 */
    BYTE reserved[0x100];
};

struct peb_ldr_data {
    ULONG length;
    BOOLEAN initialized;
    void *ss_handle;
    struct list_entry in_load_order, in_memory_order, in_init_order;
};

struct peb {
    BYTE inherited_address_space;       /* 0x00 */
    BYTE read_image_file_exec_options;  /* 0x01 */
    BYTE being_debugged;                /* 0x02 */
    BYTE bit_field;                     /* 0x03 */
    BYTE pad0[4];
    HANDLE mutant;                      /* 0x08 */
    void *image_base_address;           /* 0x10 */
    struct peb_ldr_data *ldr;           /* 0x18 */
    struct rtl_user_process_parameters *process_parameters; /* 0x20 */
    void *subsystem_data;               /* 0x28 */
    HANDLE process_heap;                /* 0x30 */
    void *fast_peb_lock;                /* 0x38 */
    BYTE pad1[0xb8 - 0x40];
    ULONG number_of_processors;         /* 0xb8 */
    ULONG nt_global_flag;               /* 0xbc */
    BYTE pad2[0x118 - 0xc0];
    ULONG os_major_version;             /* 0x118 */
    ULONG os_minor_version;             /* 0x11c */
    USHORT os_build_number;             /* 0x120 */
    USHORT os_csd_version;              /* 0x122 */
    ULONG os_platform_id;               /* 0x124 */
    BYTE pad3[0x7c8 - 0x128];
};

struct teb {
    /* NT_TIB */
    void *exception_list;               /* 0x00 */
    void *stack_base;                   /* 0x08 */
    void *stack_limit;                  /* 0x10 */
    void *subsystem_tib;                /* 0x18 */
    void *fiber_data;                   /* 0x20 */
    void *arbitrary_user_pointer;       /* 0x28 */
    struct teb *self;                   /* 0x30 */
    void *environment_pointer;          /* 0x38 */
    ULONG_PTR unique_process;           /* 0x40 */
    ULONG_PTR unique_thread;            /* 0x48 */
    void *active_rpc_handle;            /* 0x50 */
    void **thread_local_storage_pointer; /* 0x58 */
    struct peb *peb;                    /* 0x60 */
    ULONG last_error_value;             /* 0x68 */
    ULONG count_of_owned_critical_sections; /* 0x6c */
    BYTE pad0[0x1480 - 0x70];
    void *tls_slots[64];                /* 0x1480 */
    struct list_entry tls_links;        /* 0x1680 */
    BYTE pad1[0x1780 - 0x1690];
    void **tls_expansion_slots;         /* 0x1780 */
    BYTE pad2[0x17c8 - 0x1788];
    void *fls_data;                     /* 0x17c8 */
    BYTE pad3[0x1838 - 0x17d0];
    /* Beyond the Windows layout: mimic's own per-thread state. */
    struct thread_object *mimic_thread;
    void *mimic_private[7];
};

_Static_assert(offsetof(struct rtl_user_process_parameters, current_directory) == 0x38, "params");
_Static_assert(offsetof(struct rtl_user_process_parameters, command_line) == 0x70, "params");
_Static_assert(offsetof(struct rtl_user_process_parameters, environment) == 0x80, "params");
_Static_assert(offsetof(struct rtl_user_process_parameters, window_title) == 0xb0, "params");
_Static_assert(offsetof(struct peb, process_heap) == 0x30, "peb");
_Static_assert(offsetof(struct peb, number_of_processors) == 0xb8, "peb");
_Static_assert(offsetof(struct peb, os_major_version) == 0x118, "peb");
_Static_assert(offsetof(struct teb, self) == 0x30, "teb");
_Static_assert(offsetof(struct teb, thread_local_storage_pointer) == 0x58, "teb");
_Static_assert(offsetof(struct teb, last_error_value) == 0x68, "teb");
_Static_assert(offsetof(struct teb, tls_slots) == 0x1480, "teb");
_Static_assert(offsetof(struct teb, tls_expansion_slots) == 0x1780, "teb");
_Static_assert(offsetof(struct teb, fls_data) == 0x17c8, "teb");

/* The calling thread's TEB (reads gs:[0x30]); NULL on a thread with no TEB. */
struct teb *teb_current(void);
/* Allocate and install a TEB for the calling host thread (sets the GS base). */
struct teb *teb_attach_thread(void);
void teb_detach_thread(void);
struct peb *peb_get(void);

void set_last_error(DWORD err);
DWORD get_last_error(void);

#endif
