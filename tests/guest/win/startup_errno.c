/* startup_errno.c - errno and _doserrno as msvcrt sets them: the Windows
 * error behind a failed call lands in _doserrno, its errno translation in
 * errno (ERROR_FILE_NOT_FOUND -> ENOENT, ERROR_ACCESS_DENIED -> EACCES,
 * ERROR_ALREADY_EXISTS -> EEXIST), bad fds give EBADF with _doserrno 0;
 * _get_errno/_set_errno; perror's line on stderr. */
// stderr: tag: No such file or directory
#define __USE_MINGW_ANSI_STDIO 0
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <io.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <direct.h>

int main(void)
{
    int r, e;
    unsigned long d;

    _doserrno = 12345; errno = 0;
    r = _open("missing\\file.txt", _O_RDONLY);
    e = errno; d = _doserrno;
    printf("open missing dir: %d errno=%d doserrno=%lu\n", r, e, d);
    r = _open("missing.txt", _O_RDONLY);
    e = errno; d = _doserrno;
    printf("open missing file: %d errno=%d doserrno=%lu\n", r, e, d);
    r = _open("new.txt", _O_CREAT | _O_WRONLY, _S_IREAD | _S_IWRITE);
    _close(r);
    r = _open("new.txt", _O_CREAT | _O_EXCL | _O_WRONLY, _S_IREAD | _S_IWRITE);
    e = errno; d = _doserrno;
    printf("open O_EXCL existing: %d errno=%d doserrno=%lu\n", r, e, d);
    _doserrno = 777;
    r = _close(1234);
    e = errno; d = _doserrno;
    printf("close bad fd: %d errno=%d doserrno=%lu\n", r, e, d);
    r = _write(-1, "x", 1);
    e = errno; d = _doserrno;
    printf("write fd -1: %d errno=%d doserrno=%lu\n", r, e, d);

    int v = -1;
    _set_errno(42);
    _get_errno(&v);
    printf("_set_errno/_get_errno: %d %d\n", v, errno);
    printf("_get_errno(NULL)=%d\n", _get_errno(NULL));

    errno = ENOENT;
    perror("tag");
    printf("errno after perror: %d\n", errno);
    return 0;
}
