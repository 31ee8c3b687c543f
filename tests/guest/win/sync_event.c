/* sync_event.c - events: auto and manual reset, initial state, timeouts,
 * SetEvent/ResetEvent/PulseEvent with threads waiting, named events shared
 * by name (ERROR_ALREADY_EXISTS, OpenEvent, names of another type, names
 * that do not exist, case), CreateEventEx flags, and invalid handles. */
#include <windows.h>
#include <stdio.h>

static HANDLE ev, ready;
static volatile LONG woken;

static DWORD WINAPI waiter(void *p)
{
    SetEvent(ready);
    DWORD r = WaitForSingleObject(ev, 3000);
    if (r == WAIT_OBJECT_0)
        InterlockedIncrement(&woken);
    return r;
}

/* Start n waiters and wait until each is about to wait; a short sleep then
 * lets them reach the wait itself. */
static void start_waiters(HANDLE *th, int n)
{
    for (int i = 0; i < n; i++) {
        th[i] = CreateThread(NULL, 0, waiter, NULL, 0, NULL);
        WaitForSingleObject(ready, INFINITE);
    }
    Sleep(100);
}

static void join(HANDLE *th, int n)
{
    WaitForMultipleObjects(n, th, TRUE, 10000);
    for (int i = 0; i < n; i++)
        CloseHandle(th[i]);
}

int main(void)
{
    DWORD r, err;
    BOOL ok;
    HANDLE th[4];
    ready = CreateEventA(NULL, FALSE, FALSE, NULL);

    /* Auto reset: one wait consumes it. */
    ev = CreateEventA(NULL, FALSE, TRUE, NULL);
    r = WaitForSingleObject(ev, 0);
    printf("auto initial set: %lu\n", r);
    r = WaitForSingleObject(ev, 0);
    printf("auto again: %lu\n", r);
    DWORD t0 = GetTickCount();
    r = WaitForSingleObject(ev, 200);
    DWORD dt = GetTickCount() - t0;
    printf("auto timeout 200: %lu waited>=150 %d <2000 %d\n", r, dt >= 150, dt < 2000);
    SetEvent(ev);
    SetEvent(ev);   /* setting twice still lets one wait through */
    r = WaitForSingleObject(ev, 0);
    printf("after 2 sets: %lu", r);
    r = WaitForSingleObject(ev, 0);
    printf(" then %lu\n", r);
    CloseHandle(ev);

    /* Manual reset: stays set for everyone until reset. */
    ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    r = WaitForSingleObject(ev, 0);
    printf("manual initial unset: %lu\n", r);
    SetEvent(ev);
    r = WaitForSingleObject(ev, 0);
    printf("manual set: %lu", r);
    r = WaitForSingleObject(ev, 0);
    printf(" %lu\n", r);
    ResetEvent(ev);
    r = WaitForSingleObject(ev, 0);
    printf("manual reset: %lu\n", r);

    /* Manual event releases all waiters. */
    woken = 0;
    start_waiters(th, 3);
    SetEvent(ev);
    join(th, 3);
    printf("manual: %ld of 3 woken\n", woken);
    CloseHandle(ev);

    /* Auto event releases one waiter per set. */
    ev = CreateEventA(NULL, FALSE, FALSE, NULL);
    woken = 0;
    start_waiters(th, 3);
    SetEvent(ev);
    Sleep(200);
    printf("auto: %ld of 3 woken after one set\n", woken);
    SetEvent(ev);
    SetEvent(ev);   /* two more, let them through one at a time */
    Sleep(200);
    SetEvent(ev);
    join(th, 3);
    printf("auto: %ld woken in all\n", woken);
    r = WaitForSingleObject(ev, 0);
    printf("auto left: %lu\n", r);
    CloseHandle(ev);

    /* PulseEvent: a manual one releases the waiters present, then is reset. */
    ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    woken = 0;
    start_waiters(th, 2);
    ok = PulseEvent(ev);
    join(th, 2);
    r = WaitForSingleObject(ev, 0);
    printf("pulse manual: %d woken %ld, state after %lu\n", ok, woken, r);
    CloseHandle(ev);
    /* An auto one releases one waiter. */
    ev = CreateEventA(NULL, FALSE, FALSE, NULL);
    woken = 0;
    start_waiters(th, 2);
    PulseEvent(ev);
    Sleep(200);
    printf("pulse auto: %ld woken\n", woken);
    SetEvent(ev);
    join(th, 2);
    r = WaitForSingleObject(ev, 0);
    printf("pulse auto then set: %ld woken, state %lu\n", woken, r);
    /* Pulse with nobody waiting leaves it unset. */
    PulseEvent(ev);
    r = WaitForSingleObject(ev, 0);
    printf("pulse alone: %lu\n", r);
    CloseHandle(ev);

    /* Named events. */
    SetLastError(0xdeadbeef);
    HANDLE a = CreateEventA(NULL, TRUE, FALSE, "mimic_test_event");
    err = GetLastError();
    printf("create named: %d err=%lu\n", a != NULL, err);
    SetLastError(0xdeadbeef);
    HANDLE b = CreateEventA(NULL, FALSE, TRUE, "mimic_test_event");
    err = GetLastError();
    printf("create again: %d err=%lu same object state: ", b != NULL && b != a, err);
    r = WaitForSingleObject(a, 0);
    printf("%lu (manual, unset: the second call's arguments are ignored)\n", r);
    SetEvent(b);
    r = WaitForSingleObject(a, 0);
    printf("set through b seen through a: %lu\n", r);
    SetLastError(0xdeadbeef);
    HANDLE c = OpenEventA(EVENT_ALL_ACCESS, FALSE, "mimic_test_event");
    err = GetLastError();
    printf("OpenEvent: %d err=%lu\n", c != NULL, err);
    ResetEvent(c);
    r = WaitForSingleObject(a, 0);
    printf("reset through c: %lu\n", r);
    SetLastError(0xdeadbeef);
    HANDLE d = OpenEventA(EVENT_ALL_ACCESS, FALSE, "MIMIC_TEST_EVENT");
    err = GetLastError();
    printf("other case: %p err=%lu\n", d, err);
    SetLastError(0xdeadbeef);
    d = OpenEventW(EVENT_ALL_ACCESS, FALSE, L"mimic_test_event");
    err = GetLastError();
    printf("OpenEventW: %d err=%lu\n", d != NULL, err);
    CloseHandle(d);
    SetLastError(0xdeadbeef);
    d = OpenEventA(EVENT_ALL_ACCESS, FALSE, "Local\\mimic_test_event");
    err = GetLastError();
    printf("Local\\ prefix: %d err=%lu\n", d != NULL, err);
    CloseHandle(d);
    SetLastError(0xdeadbeef);
    d = OpenEventA(EVENT_ALL_ACCESS, FALSE, "no_such_event");
    err = GetLastError();
    printf("open missing: %p err=%lu\n", d, err);
    SetLastError(0xdeadbeef);
    HANDLE m = CreateMutexA(NULL, FALSE, "mimic_test_event");
    err = GetLastError();
    printf("mutex with the event's name: %p err=%lu\n", m, err);
    SetLastError(0xdeadbeef);
    m = OpenMutexA(SYNCHRONIZE, FALSE, "mimic_test_event");
    err = GetLastError();
    printf("OpenMutex of the event's name: %p err=%lu\n", m, err);
    CloseHandle(a);
    CloseHandle(b);
    CloseHandle(c);
    SetLastError(0xdeadbeef);
    d = OpenEventA(EVENT_ALL_ACCESS, FALSE, "mimic_test_event");
    err = GetLastError();
    printf("after all handles closed: %p err=%lu\n", d, err);

    /* Unnamed and empty names; last error on success. */
    SetLastError(0xdeadbeef);
    a = CreateEventA(NULL, FALSE, FALSE, NULL);
    err = GetLastError();
    printf("unnamed: err=%lu\n", err);
    SetLastError(0xdeadbeef);
    b = CreateEventA(NULL, FALSE, FALSE, "");
    err = GetLastError();
    printf("empty name: %d err=%lu\n", b != NULL, err);
    SetLastError(0xdeadbeef);
    c = CreateEventA(NULL, FALSE, FALSE, "");
    err = GetLastError();
    printf("empty name again: %d distinct %d err=%lu\n", c != NULL, c != b, err);
    CloseHandle(a);
    CloseHandle(b);
    CloseHandle(c);

    /* CreateEventEx flags. */
    a = CreateEventExA(NULL, NULL, CREATE_EVENT_MANUAL_RESET | CREATE_EVENT_INITIAL_SET, EVENT_ALL_ACCESS);
    r = WaitForSingleObject(a, 0);
    printf("Ex manual+set: %lu", r);
    r = WaitForSingleObject(a, 0);
    printf(" %lu\n", r);
    CloseHandle(a);
    a = CreateEventExW(NULL, NULL, 0, EVENT_ALL_ACCESS);
    r = WaitForSingleObject(a, 0);
    printf("Ex default: %lu\n", r);
    CloseHandle(a);
    SetLastError(0xdeadbeef);
    a = CreateEventExA(NULL, NULL, 4, EVENT_ALL_ACCESS);
    err = GetLastError();
    printf("Ex unknown flag: %d err=%lu\n", a != NULL, err);
    r = WaitForSingleObject(a, 0);
    printf("  state %lu\n", r);
    CloseHandle(a);

    /* Invalid handles. */
    SetLastError(0xdeadbeef);
    ok = SetEvent(NULL);
    err = GetLastError();
    printf("SetEvent(NULL): %d err=%lu\n", ok, err);
    SetLastError(0xdeadbeef);
    ok = ResetEvent((HANDLE)0xdead0);
    err = GetLastError();
    printf("ResetEvent(bad): %d err=%lu\n", ok, err);
    HANDLE sem = CreateSemaphoreA(NULL, 0, 1, NULL);
    SetLastError(0xdeadbeef);
    ok = SetEvent(sem);
    err = GetLastError();
    printf("SetEvent(semaphore): %d err=%lu\n", ok, err);
    CloseHandle(sem);
    SetLastError(0xdeadbeef);
    r = WaitForSingleObject((HANDLE)0xdead0, 0);
    err = GetLastError();
    printf("wait bad: %lx err=%lu\n", r, err);
    SetLastError(0xdeadbeef);
    ok = CloseHandle(ready);
    printf("close: %d", ok);
    ok = CloseHandle(ready);
    err = GetLastError();
    printf(" twice: %d err=%lu\n", ok, err);
    return 0;
}
