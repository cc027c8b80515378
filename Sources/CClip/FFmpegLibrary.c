#include "FFmpegLibrary.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define MK_SONAME(library, major) "lib" #library ".so." AV_STRINGIFY(major)

static mk_ffmpeg functions;
static const mk_ffmpeg *loaded;
static char failure[512];
static pthread_once_t once = PTHREAD_ONCE_INIT;

/// Opens one library by its soname, or says why not.
static void *mk_open(const char *soname) {
    // Kept for the life of the process (never closed: frames and contexts may outlive a clip),
    // and local: only the handles below look names up in it.
    void *handle = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
    if (!handle) snprintf(failure, sizeof failure, "FFmpeg cannot be loaded: %s", dlerror());
    return handle;
}

static void mk_load(void) {
    // libavutil first: the others need it, and a missing one is named as itself.
    void *avutil = mk_open(MK_SONAME(avutil, LIBAVUTIL_VERSION_MAJOR));
    if (!avutil) return;
    void *swscale = mk_open(MK_SONAME(swscale, LIBSWSCALE_VERSION_MAJOR));
    if (!swscale) return;
    void *avcodec = mk_open(MK_SONAME(avcodec, LIBAVCODEC_VERSION_MAJOR));
    if (!avcodec) return;
    void *avformat = mk_open(MK_SONAME(avformat, LIBAVFORMAT_VERSION_MAJOR));
    if (!avformat) return;
#define MK_FFMPEG_FIND(library, name) \
    *(void **)&functions.name = dlsym(library, #name); \
    if (!functions.name) { \
        snprintf(failure, sizeof failure, "FFmpeg's lib" #library " has no " #name); \
        return; \
    }
    MK_FFMPEG_FUNCTIONS(MK_FFMPEG_FIND)
#undef MK_FFMPEG_FIND
    // FFmpeg writes its own warnings to stderr, where a service's journal would take them
    // unescaped and unattributed: every failure comes back as an error naming its file.
    functions.av_log_set_level(AV_LOG_QUIET);
    loaded = &functions;
}

const mk_ffmpeg *mk_ffmpeg_load(char *error, size_t size) {
    pthread_once(&once, mk_load);
    if (!loaded && size > 0) snprintf(error, size, "%s", failure);
    return loaded;
}
