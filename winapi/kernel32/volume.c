/*
 * kernel32/volume.c - drives and volumes: C: (the prefix directory) and Z:
 * (the host's root) are the only drives, both fixed disks. Free space and
 * sizes are the host file system's (statvfs).
 */
#include "winapi/kernel32/fileapi.h"
#include "winapi/path.h"
#include "winapi/process.h"
#include "winapi/error.h"
#include "winapi/debug.h"

#include <stdio.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

DEBUG_CHANNEL(volume);

#define DRIVE_UNKNOWN     0
#define DRIVE_NO_ROOT_DIR 1
#define DRIVE_FIXED       3
#define DRIVE_REMOTE      4

#define FILE_CASE_PRESERVED_NAMES 0x00000002
#define FILE_UNICODE_ON_DISK      0x00000004
#define FILE_PERSISTENT_ACLS      0x00000008
#define FILE_SUPPORTS_HARD_LINKS  0x00400000

DWORD volume_serial_of(dev_t dev)
{
    ULONGLONG x = (ULONGLONG)dev * 0x9e3779b97f4a7c15ull;
    return (DWORD)(x >> 32) ^ (DWORD)x;
}

static bool drive_exists(char letter)
{
    letter = (char)(letter & ~32);
    return letter == 'C' || letter == 'Z';
}

/* The drive letter a root names ("C:\", "c:", NULL for the current drive), 0 if none. */
static char root_drive(const char *root, bool need_backslash)
{
    if (!root) {
        char *cwd = path_cwd_dup();
        char d = cwd ? (char)(cwd[0] & ~32) : 'C';
        free(cwd);
        return d;
    }
    if (!(((root[0] | 32) >= 'a' && (root[0] | 32) <= 'z') && root[1] == ':'))
        return 0;
    if (root[2] && !((root[2] == '\\' || root[2] == '/') && !root[3]))
        return 0;
    if (need_backslash && !root[2])
        return 0;
    return (char)(root[0] & ~32);
}

static const char *drive_host_root(char d)
{
    return d == 'C' ? prefix_c_drive() : "/";
}

WINAPI DWORD kernel32_GetLogicalDrives(void)
{
    return (1u << ('C' - 'A')) | (1u << ('Z' - 'A'));
}

static const char drive_strings[] = "C:\\\0Z:\\\0";   /* with the final NUL: 9 characters */

WINAPI DWORD kernel32_GetLogicalDriveStringsA(DWORD size, LPSTR buf)
{
    if (size < sizeof drive_strings || !buf)
        return sizeof drive_strings;
    memcpy(buf, drive_strings, sizeof drive_strings);
    return sizeof drive_strings - 1;
}

WINAPI DWORD kernel32_GetLogicalDriveStringsW(DWORD size, LPWSTR buf)
{
    if (size < sizeof drive_strings || !buf)
        return sizeof drive_strings;
    for (size_t i = 0; i < sizeof drive_strings; i++)
        buf[i] = (WCHAR)drive_strings[i];
    return sizeof drive_strings - 1;
}

static WINAPI UINT  u8_GetDriveType(LPCSTR root)
{
    if (root && (root[0] == '\\' || root[0] == '/') && (root[1] == '\\' || root[1] == '/'))
        return DRIVE_REMOTE;
    char d = root_drive(root, false);
    return d && drive_exists(d) ? DRIVE_FIXED : DRIVE_NO_ROOT_DIR;
}

WINAPI UINT kernel32_GetDriveTypeW(LPCWSTR root)
{
    char *u = root ? utf16_to_utf8_alloc(root) : NULL;
    UINT r = u8_GetDriveType(root ? (u ? u : "") : NULL);
    free(u);
    return r;
}

/* ---- volume information ------------------------------------------------------------ */

static BOOL volume_info(const char *root, char *label, size_t *label_len, DWORD *serial, DWORD *maxcomp,
                        DWORD *flags, const char **fsname)
{
    char d = root_drive(root, true);
    if (!d) {
        set_last_error(ERROR_INVALID_NAME);
        return FALSE;
    }
    if (!drive_exists(d)) {
        set_last_error(ERROR_PATH_NOT_FOUND);
        return FALSE;
    }
    struct stat st;
    if (stat(drive_host_root(d), &st) != 0) {
        set_last_error(ERROR_NOT_READY);
        return FALSE;
    }
    (void)label;
    *label_len = 0;   /* no volume labels */
    if (serial)
        *serial = volume_serial_of(st.st_dev);
    if (maxcomp)
        *maxcomp = 255;
    if (flags)
        *flags = FILE_CASE_PRESERVED_NAMES | FILE_UNICODE_ON_DISK | FILE_PERSISTENT_ACLS | FILE_SUPPORTS_HARD_LINKS;
    *fsname = "NTFS";   /* what programs expect of a fixed disk */
    return TRUE;
}

static WINAPI BOOL  u8_GetVolumeInformation(LPCSTR root, LPSTR label, DWORD label_size, LPDWORD serial,
                                           LPDWORD maxcomp, LPDWORD flags, LPSTR fsname, DWORD fsname_size)
{
    size_t ll;
    const char *fs;
    if (!volume_info(root, NULL, &ll, serial, maxcomp, flags, &fs))
        return FALSE;
    if (label && label_size)
        label[0] = 0;
    if (fsname) {
        if (fsname_size <= strlen(fs)) {
            set_last_error(ERROR_MORE_DATA);
            return FALSE;
        }
        memcpy(fsname, fs, strlen(fs) + 1);
    }
    return TRUE;
}

WINAPI BOOL kernel32_GetVolumeInformationW(LPCWSTR root, LPWSTR label, DWORD label_size, LPDWORD serial,
                                           LPDWORD maxcomp, LPDWORD flags, LPWSTR fsname, DWORD fsname_size)
{
    char *u = root ? utf16_to_utf8_alloc(root) : NULL;
    size_t ll;
    const char *fs;
    BOOL ok = volume_info(root ? (u ? u : "") : NULL, NULL, &ll, serial, maxcomp, flags, &fs);
    free(u);
    if (!ok)
        return FALSE;
    if (label && label_size)
        label[0] = 0;
    if (fsname) {
        if (fsname_size <= strlen(fs)) {
            set_last_error(ERROR_MORE_DATA);
            return FALSE;
        }
        utf8_to_utf16(fs, -1, fsname, fsname_size);
    }
    return TRUE;
}

/* ---- free space ------------------------------------------------------------------------ */

static bool statvfs_of(const char *dir, struct statvfs *sv)
{
    char *host = NULL;
    if (!dir) {
        char *cwd = path_cwd_dup();
        host = cwd ? path_to_host(cwd) : NULL;
        free(cwd);
    } else {
        struct host_path hp;
        if (!path_resolve(dir, &hp))
            return false;
        if (hp.device != PATH_FILE || !hp.exists || !hp.is_dir) {
            set_last_error(hp.device != PATH_FILE ? ERROR_INVALID_NAME : hp.exists ? ERROR_DIRECTORY
                                                                                   : host_path_missing_error(&hp));
            host_path_free(&hp);
            return false;
        }
        host = hp.path;
    }
    if (!host) {
        set_last_error(ERROR_PATH_NOT_FOUND);
        return false;
    }
    int r = statvfs(host, sv);
    free(host);
    if (r != 0) {
        set_last_error(ERROR_NOT_READY);
        return false;
    }
    return true;
}

static WINAPI BOOL  u8_GetDiskFreeSpaceEx(LPCSTR dir, ULONGLONG *avail, ULONGLONG *total, ULONGLONG *free_bytes)
{
    struct statvfs sv;
    if (!statvfs_of(dir, &sv))
        return FALSE;
    if (avail)
        *avail = (ULONGLONG)sv.f_bavail * sv.f_frsize;
    if (total)
        *total = (ULONGLONG)sv.f_blocks * sv.f_frsize;
    if (free_bytes)
        *free_bytes = (ULONGLONG)sv.f_bfree * sv.f_frsize;
    return TRUE;
}

WINAPI BOOL kernel32_GetDiskFreeSpaceExW(LPCWSTR dir, ULONGLONG *avail, ULONGLONG *total, ULONGLONG *free_bytes)
{
    bool oom = false;
    char *u = w_arg(dir, &oom);
    BOOL r = oom ? (set_last_error(ERROR_NOT_ENOUGH_MEMORY), FALSE)
                 : u8_GetDiskFreeSpaceEx(u, avail, total, free_bytes);
    free(u);
    return r;
}

static WINAPI BOOL  u8_GetDiskFreeSpace(LPCSTR root, LPDWORD spc, LPDWORD bps, LPDWORD free_clusters,
                                       LPDWORD total_clusters)
{
    char d = root_drive(root, false);
    if (!d) {
        set_last_error(ERROR_INVALID_NAME);
        return FALSE;
    }
    if (!drive_exists(d)) {
        set_last_error(ERROR_PATH_NOT_FOUND);
        return FALSE;
    }
    struct statvfs sv;
    char r[4] = { d, ':', '\\', 0 };
    if (!statvfs_of(r, &sv))
        return FALSE;
    DWORD sectors = sv.f_frsize >= 512 ? (DWORD)(sv.f_frsize / 512) : 1;
    ULONGLONG fc = (ULONGLONG)sv.f_bavail, tc = (ULONGLONG)sv.f_blocks;
    if (spc)
        *spc = sectors;
    if (bps)
        *bps = 512;
    /* the cluster counts are 32-bit: saturate as Windows does on huge volumes */
    if (free_clusters)
        *free_clusters = fc > 0xffffffffull ? 0xffffffffu : (DWORD)fc;
    if (total_clusters)
        *total_clusters = tc > 0xffffffffull ? 0xffffffffu : (DWORD)tc;
    return TRUE;
}

WINAPI BOOL kernel32_GetDiskFreeSpaceW(LPCWSTR root, LPDWORD spc, LPDWORD bps, LPDWORD free_clusters,
                                       LPDWORD total_clusters)
{
    char *u = root ? utf16_to_utf8_alloc(root) : NULL;
    BOOL r = u8_GetDiskFreeSpace(root ? (u ? u : "") : NULL, spc, bps, free_clusters, total_clusters);
    free(u);
    return r;
}

/* ---- A forms: ANSI code page arguments ---------------------------------------- */

WINAPI UINT kernel32_GetDriveTypeA(LPCSTR root)
{
    bool oom = false;
    char *u_root = a_arg(root, &oom);
    UINT r = oom ? (set_last_error(ERROR_NOT_ENOUGH_MEMORY), DRIVE_NO_ROOT_DIR) : u8_GetDriveType(u_root);
    free(u_root);
    return r;
}

WINAPI BOOL kernel32_GetVolumeInformationA(LPCSTR root, LPSTR label, DWORD label_size, LPDWORD serial, LPDWORD maxcomp, LPDWORD flags, LPSTR fsname, DWORD fsname_size)
{
    bool oom = false;
    char *u_root = a_arg(root, &oom);
    BOOL r = oom ? (set_last_error(ERROR_NOT_ENOUGH_MEMORY), FALSE) : u8_GetVolumeInformation(u_root, label, label_size, serial, maxcomp, flags, fsname, fsname_size);
    free(u_root);
    return r;
}

WINAPI BOOL kernel32_GetDiskFreeSpaceExA(LPCSTR dir, ULONGLONG *avail, ULONGLONG *total, ULONGLONG *free_bytes)
{
    bool oom = false;
    char *u_dir = a_arg(dir, &oom);
    BOOL r = oom ? (set_last_error(ERROR_NOT_ENOUGH_MEMORY), FALSE) : u8_GetDiskFreeSpaceEx(u_dir, avail, total, free_bytes);
    free(u_dir);
    return r;
}

WINAPI BOOL kernel32_GetDiskFreeSpaceA(LPCSTR root, LPDWORD spc, LPDWORD bps, LPDWORD free_clusters, LPDWORD total_clusters)
{
    bool oom = false;
    char *u_root = a_arg(root, &oom);
    BOOL r = oom ? (set_last_error(ERROR_NOT_ENOUGH_MEMORY), FALSE) : u8_GetDiskFreeSpace(u_root, spc, bps, free_clusters, total_clusters);
    free(u_root);
    return r;
}
