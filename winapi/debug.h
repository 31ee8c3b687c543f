/*
 * debug.h - trace channels for winapi, gated at run time by MIMIC_DEBUG
 * (e.g. MIMIC_DEBUG=kernel32,file or MIMIC_DEBUG=all). Each file declares its
 * channel: DEBUG_CHANNEL(file). TRACE costs one predictable branch when off.
 * FIXME always prints once per call site: it marks partial behaviour.
 */
#ifndef MIMIC_WINAPI_DEBUG_H
#define MIMIC_WINAPI_DEBUG_H

#include <stdio.h>
#include <stdbool.h>

bool debug_channel_on(const char *name);

#define DEBUG_CHANNEL(ch) \
    static const char debug_channel_name[] = #ch; \
    static int debug_channel_state; /* 0 unknown, 1 off, 2 on */ \
    static inline bool debug_on(void) { \
        if (__builtin_expect(debug_channel_state == 0, 0)) \
            debug_channel_state = debug_channel_on(debug_channel_name) ? 2 : 1; \
        return debug_channel_state == 2; \
    }

#define TRACE(...) do { if (__builtin_expect(debug_on(), 0)) { \
    fprintf(stderr, "trace:%s:%s ", debug_channel_name, __func__); fprintf(stderr, __VA_ARGS__); } } while (0)
#define FIXME(...) do { static int once_; if (!once_) { once_ = 1; \
    fprintf(stderr, "fixme:%s:%s ", debug_channel_name, __func__); fprintf(stderr, __VA_ARGS__); } } while (0)
#define WARN(...) do { fprintf(stderr, "warn:%s:%s ", debug_channel_name, __func__); fprintf(stderr, __VA_ARGS__); } while (0)

#endif
