/* RaiseException: the record (code, flags, parameters) as a vectored handler
 * and the unhandled exception filter see it; the filter continues execution
 * and RaiseException returns. Then a noncontinuable exception that the
 * filter tries to continue: Windows raises STATUS_NONCONTINUABLE_EXCEPTION
 * with the first record chained, and the filter ends the process with that
 * code (exit status: the low byte of 0xc0000025).
 *
 * Wine differs from Windows there: Windows (RtlDispatchException) chains the
 * noncontinuable record to the new one (ExceptionRecord), Wine 8 leaves it
 * NULL; the expected output follows Windows ("nested 1" and the chained line). */
// exit: 37
#include <windows.h>
#include <stdio.h>

static void show(const char *who, EXCEPTION_RECORD *r)
{
    printf("%s: code %08lx flags %lu params %lu", who, r->ExceptionCode, r->ExceptionFlags, r->NumberParameters);
    for (DWORD i = 0; i < r->NumberParameters; i++)
        printf(" %llu", (unsigned long long)r->ExceptionInformation[i]);
    printf(" nested %d\n", r->ExceptionRecord != NULL);
}

static LONG WINAPI vectored(EXCEPTION_POINTERS *p)
{
    show("vectored", p->ExceptionRecord);
    return EXCEPTION_CONTINUE_SEARCH;
}

static int filter_calls;
static LONG WINAPI filter(EXCEPTION_POINTERS *p)
{
    EXCEPTION_RECORD *r = p->ExceptionRecord;
    filter_calls++;
    show("filter", r);
    if (r->ExceptionRecord)
        show("filter, chained", r->ExceptionRecord);
    if (r->ExceptionCode == STATUS_NONCONTINUABLE_EXCEPTION) {
        printf("filter: executing handler\n");
        fflush(stdout);
        return EXCEPTION_EXECUTE_HANDLER;
    }
    return EXCEPTION_CONTINUE_EXECUTION;
}

int main(void)
{
    ULONG_PTR args[20];
    for (int i = 0; i < 20; i++)
        args[i] = 100 + i;
    AddVectoredExceptionHandler(0, vectored);
    LPTOP_LEVEL_EXCEPTION_FILTER old = SetUnhandledExceptionFilter(filter);
    printf("previous filter set: %d\n", old != NULL);
    printf("our filter back: %d\n", SetUnhandledExceptionFilter(filter) == filter);

    RaiseException(0xe0001234, 0, 3, args);
    printf("returned 1\n");
    RaiseException(0x20000001, 0x6, 20, args);     /* flags other than noncontinuable are dropped; 15 params kept */
    printf("returned 2\n");
    RaiseException(0xc0000001, 0, 5, NULL);        /* no parameters without an array */
    printf("returned 3\n");
    printf("error mode %u\n", SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX));
    printf("error mode %u\n", GetErrorMode());
    fflush(stdout);
    RaiseException(0xe0000bad, EXCEPTION_NONCONTINUABLE, 1, args);
    printf("not reached\n");
    return 0;
}
