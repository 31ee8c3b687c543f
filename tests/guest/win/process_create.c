/* process_create.c - CreateProcess of another program (process_child.exe,
 * found next to this one through GetModuleFileNameA): its stdout and stdin
 * through pipes (STARTF_USESTDHANDLES), the exact command line it sees,
 * exit codes (32 bits, STILL_ACTIVE while running), process and thread
 * handles waitable, ids, TerminateProcess, CREATE_SUSPENDED + ResumeThread,
 * an environment block, a current directory, handle inheritance
 * (bInheritHandles, SetHandleInformation), the search for a name without
 * .exe, OpenProcess, and the errors of missing programs.
 *
 * One expected line follows Windows where Wine differs: TerminateProcess of
 * a process that has ended fails with ERROR_ACCESS_DENIED (Wine succeeds). */
#include <windows.h>
#include <stdio.h>
#include <string.h>

static char child[MAX_PATH];

/* Run the child with cmdline, its stdout (and stderr) into a pipe; print
 * what it wrote and its exit code. */
static DWORD run(const char *app, const char *cmdline, DWORD flags, void *env, const char *cwd)
{
    SECURITY_ATTRIBUTES sa = { sizeof sa, NULL, TRUE };
    HANDLE rd, wr;
    CreatePipe(&rd, &wr, &sa, 0);
    SetHandleInformation(rd, HANDLE_FLAG_INHERIT, 0);
    STARTUPINFOA si;
    memset(&si, 0, sizeof si);
    si.cb = sizeof si;
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
    si.hStdOutput = wr;
    si.hStdError = wr;
    PROCESS_INFORMATION pi;
    char cmd[512];
    strcpy(cmd, cmdline);
    SetLastError(0xdeadbeef);
    fflush(stdout);
    BOOL ok = CreateProcessA(app, cmd, NULL, NULL, TRUE, flags, env, cwd, &si, &pi);
    DWORD err = GetLastError();
    CloseHandle(wr);
    if (!ok) {
        printf("  CreateProcess failed: err=%lu\n", err);
        CloseHandle(rd);
        return err;
    }
    char buf[4096];
    DWORD n, total = 0;
    while (ReadFile(rd, buf + total, sizeof buf - 1 - total, &n, NULL) && n)
        total += n;
    buf[total] = 0;
    CloseHandle(rd);
    /* Print line by line, CRs dropped (the child writes text mode). */
    for (char *line = strtok(buf, "\r\n"); line; line = strtok(NULL, "\r\n"))
        printf("  | %s\n", line);
    DWORD w = WaitForSingleObject(pi.hProcess, 10000);
    DWORD code;
    GetExitCodeProcess(pi.hProcess, &code);
    printf("  wait=%lu exit=%lu\n", w, code);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
    return code;
}

int main(void)
{
    DWORD err, code, w;
    BOOL ok;
    GetModuleFileNameA(NULL, child, sizeof child);
    char *slash = strrchr(child, '\\');
    strcpy(slash + 1, "process_child.exe");

    printf("echo, application name given:\n");
    run(child, "child echo hello \"two words\" a\\\"b 7", 0, NULL, NULL);

    printf("name without .exe, searched for:\n");
    run(NULL, "process_child echo found 3", 0, NULL, NULL);

    printf("quoted program name:\n");
    char cmd[600];
    sprintf(cmd, "\"%s\" echo quoted 0", child);
    run(NULL, cmd, 0, NULL, NULL);

    printf("32-bit exit code:\n");
    code = run(child, "child exit 0x12345678", 0, NULL, NULL);
    printf("  = %#lx\n", code);

    printf("environment block:\n");
    run(child, "child env MIMIC_TEST_VAR", 0, "MIMIC_TEST_VAR=from the parent\0OTHER=1\0", NULL);
    SetEnvironmentVariableA("MIMIC_TEST_VAR", "inherited");
    run(child, "child env MIMIC_TEST_VAR", 0, NULL, NULL);
    WCHAR wenv[] = L"MIMIC_TEST_VAR=unicode\0";
    run(child, "child env MIMIC_TEST_VAR", CREATE_UNICODE_ENVIRONMENT, wenv, NULL);

    printf("current directory:\n");
    CreateDirectoryA("subdir_for_child", NULL);
    run(child, "child cwd", 0, NULL, "subdir_for_child");

    printf("ids:\n");
    {
        STARTUPINFOA si = { sizeof si };
        PROCESS_INFORMATION pi;
        char c2[] = "child ids";
        fflush(stdout);   /* the child writes to our stdout too */
        ok = CreateProcessA(child, c2, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi);
        w = WaitForSingleObject(pi.hProcess, 10000);
        GetExitCodeProcess(pi.hProcess, &code);
        printf("  created %d, exit = pid & 0xff: %d, GetProcessId %d, thread id set %d\n", ok,
               code == (pi.dwProcessId & 0xff), GetProcessId(pi.hProcess) == pi.dwProcessId, pi.dwThreadId != 0);
        w = WaitForSingleObject(pi.hThread, 10000);
        DWORD tcode;
        GetExitCodeThread(pi.hThread, &tcode);
        printf("  main thread handle: wait=%lu code same %d\n", w, tcode == code);
        CloseHandle(pi.hProcess);
        CloseHandle(pi.hThread);
    }

    printf("stdin through a pipe, STILL_ACTIVE while it waits:\n");
    {
        SECURITY_ATTRIBUTES sa = { sizeof sa, NULL, TRUE };
        HANDLE in_rd, in_wr, out_rd, out_wr;
        CreatePipe(&in_rd, &in_wr, &sa, 0);
        CreatePipe(&out_rd, &out_wr, &sa, 0);
        SetHandleInformation(in_wr, HANDLE_FLAG_INHERIT, 0);
        SetHandleInformation(out_rd, HANDLE_FLAG_INHERIT, 0);
        STARTUPINFOA si = { sizeof si };
        si.dwFlags = STARTF_USESTDHANDLES;
        si.hStdInput = in_rd;
        si.hStdOutput = out_wr;
        si.hStdError = out_wr;
        PROCESS_INFORMATION pi;
        char c2[] = "child upper";
        ok = CreateProcessA(child, c2, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi);
        CloseHandle(in_rd);
        CloseHandle(out_wr);
        Sleep(100);
        GetExitCodeProcess(pi.hProcess, &code);
        w = WaitForSingleObject(pi.hProcess, 0);
        printf("  created %d, running: code=%lu wait=%lu\n", ok, code, w);
        DWORD n;
        WriteFile(in_wr, "Hello, pipe!\n", 13, &n, NULL);
        CloseHandle(in_wr);
        char buf[256];
        DWORD total = 0;
        while (ReadFile(out_rd, buf + total, sizeof buf - 1 - total, &n, NULL) && n)
            total += n;
        buf[total] = 0;
        SetLastError(0xdeadbeef);
        ok = ReadFile(out_rd, buf + total, 10, &n, NULL);
        err = GetLastError();
        printf("  read back: %s", buf);
        printf("  at the end: ReadFile %d n=%lu err=%lu\n", ok, n, err);
        CloseHandle(out_rd);
        w = WaitForSingleObject(pi.hProcess, 10000);
        GetExitCodeProcess(pi.hProcess, &code);
        printf("  wait=%lu exit=%lu\n", w, code);
        CloseHandle(pi.hProcess);
        CloseHandle(pi.hThread);
    }

    printf("TerminateProcess:\n");
    {
        SECURITY_ATTRIBUTES sa = { sizeof sa, NULL, TRUE };
        HANDLE rd, wr;
        CreatePipe(&rd, &wr, &sa, 0);
        SetHandleInformation(rd, HANDLE_FLAG_INHERIT, 0);
        STARTUPINFOA si = { sizeof si };
        si.dwFlags = STARTF_USESTDHANDLES;
        si.hStdOutput = wr;
        si.hStdError = wr;
        PROCESS_INFORMATION pi;
        char c2[] = "child sleep";
        CreateProcessA(child, c2, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi);
        CloseHandle(wr);
        char buf[64];
        DWORD n = 0;
        ReadFile(rd, buf, sizeof buf - 1, &n, NULL);   /* "sleeping": it runs */
        buf[n] = 0;
        printf("  child says: %s", buf);
        HANDLE o = OpenProcess(PROCESS_ALL_ACCESS, FALSE, pi.dwProcessId);
        printf("  OpenProcess(child) %d same pid %d\n", o != NULL, GetProcessId(o) == pi.dwProcessId);
        ok = TerminateProcess(pi.hProcess, 42);
        w = WaitForSingleObject(o, 10000);
        GetExitCodeProcess(pi.hProcess, &code);
        printf("  terminate %d wait=%lu exit=%lu\n", ok, w, code);
        SetLastError(0xdeadbeef);
        ok = TerminateProcess(pi.hProcess, 43);
        err = GetLastError();
        GetExitCodeProcess(pi.hProcess, &code);
        printf("  again: %d err=%lu exit=%lu\n", ok, err, code);
        CloseHandle(o);
        CloseHandle(rd);
        CloseHandle(pi.hProcess);
        CloseHandle(pi.hThread);
    }

    printf("CREATE_SUSPENDED:\n");
    {
        STARTUPINFOA si = { sizeof si };
        PROCESS_INFORMATION pi;
        char c2[] = "child exit 5";
        ok = CreateProcessA(child, c2, NULL, NULL, FALSE, CREATE_SUSPENDED, NULL, NULL, &si, &pi);
        w = WaitForSingleObject(pi.hProcess, 300);
        printf("  created %d, suspended wait=%lu\n", ok, w);
        DWORD prev = ResumeThread(pi.hThread);
        w = WaitForSingleObject(pi.hProcess, 10000);
        GetExitCodeProcess(pi.hProcess, &code);
        printf("  resume -> %lu, wait=%lu exit=%lu\n", prev, w, code);
        CloseHandle(pi.hProcess);
        CloseHandle(pi.hThread);
    }

    printf("inheritance:\n");
    {
        SECURITY_ATTRIBUTES sa = { sizeof sa, NULL, TRUE };
        HANDLE rd, wr;
        CreatePipe(&rd, &wr, &sa, 0);
        DWORD flags = 99;
        ok = GetHandleInformation(wr, &flags);
        printf("  pipe made inheritable: %d flags=%lu\n", ok, flags);
        SetHandleInformation(rd, HANDLE_FLAG_INHERIT, 0);
        ok = GetHandleInformation(rd, &flags);
        printf("  read end after SetHandleInformation: %d flags=%lu\n", ok, flags);
        sprintf(cmd, "child handle %p", wr);
        run(child, cmd, 0, NULL, NULL);
        CloseHandle(wr);
        char buf[128];
        DWORD n = 0;
        ReadFile(rd, buf, sizeof buf - 1, &n, NULL);
        buf[n] = 0;
        printf("  parent read: %s", buf);
        CloseHandle(rd);
        /* Not inheritable: the value means nothing in the child. */
        CreatePipe(&rd, &wr, NULL, 0);
        ok = GetHandleInformation(wr, &flags);
        printf("  plain pipe: flags=%lu\n", flags);
        sprintf(cmd, "child handle %p", wr);
        run(child, cmd, 0, NULL, NULL);
        CloseHandle(wr);
        CloseHandle(rd);
        SetLastError(0xdeadbeef);
        ok = GetHandleInformation((HANDLE)0xbad0, &flags);
        err = GetLastError();
        printf("  GetHandleInformation(bad): %d err=%lu\n", ok, err);
        SetLastError(0xdeadbeef);
        ok = SetHandleInformation((HANDLE)0xbad0, HANDLE_FLAG_INHERIT, 0);
        err = GetLastError();
        printf("  SetHandleInformation(bad): %d err=%lu\n", ok, err);
    }

    printf("errors:\n");
    {
        STARTUPINFOA si = { sizeof si };
        PROCESS_INFORMATION pi;
        char c2[] = "no_such_program_here arg";
        SetLastError(0xdeadbeef);
        ok = CreateProcessA(NULL, c2, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi);
        err = GetLastError();
        printf("  missing program: %d err=%lu\n", ok, err);
        char c3[] = "x";
        SetLastError(0xdeadbeef);
        ok = CreateProcessA("C:\\no\\such\\dir\\prog.exe", c3, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi);
        err = GetLastError();
        printf("  missing path: %d err=%lu\n", ok, err);
        SetLastError(0xdeadbeef);
        ok = CreateProcessA(child, c3, NULL, NULL, FALSE, 0, NULL, "no_such_dir", &si, &pi);
        err = GetLastError();
        printf("  missing directory: %d err=%lu\n", ok, err);
    }

    printf("this process:\n");
    HANDLE self = OpenProcess(PROCESS_ALL_ACCESS, FALSE, GetCurrentProcessId());
    printf("  OpenProcess(self) %d pid matches %d\n", self != NULL, GetProcessId(self) == GetCurrentProcessId());
    w = WaitForSingleObject(self, 0);
    ok = GetExitCodeProcess(GetCurrentProcess(), &code);
    printf("  wait=%lu exit code %d %lu\n", w, ok, code);
    CloseHandle(self);
    SetLastError(0xdeadbeef);
    ok = GetExitCodeProcess((HANDLE)0xbad0, &code);
    err = GetLastError();
    printf("  GetExitCodeProcess(bad): %d err=%lu\n", ok, err);
    return 0;
}
