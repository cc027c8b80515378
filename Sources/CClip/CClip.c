#include "CClip.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

int mk_averror_eof(void) { return AVERROR_EOF; }
int mk_averror_eagain(void) { return AVERROR(EAGAIN); }
int mk_averror_stream_not_found(void) { return AVERROR_STREAM_NOT_FOUND; }
int mk_averror_decoder_not_found(void) { return AVERROR_DECODER_NOT_FOUND; }

typedef struct {
    int fd;
    int64_t position;
} mk_fd_source;

static int mk_read(void *opaque, uint8_t *buffer, int size) {
    mk_fd_source *source = opaque;
    for (;;) {
        ssize_t count = pread(source->fd, buffer, (size_t)size, source->position);
        if (count < 0 && errno == EINTR) continue;
        if (count < 0) return AVERROR(errno);
        if (count == 0) return AVERROR_EOF;
        source->position += count;
        return (int)count;
    }
}

static int64_t mk_seek(void *opaque, int64_t offset, int whence) {
    mk_fd_source *source = opaque;
    struct stat info;
    switch (whence & ~AVSEEK_FORCE) {
    case AVSEEK_SIZE:
        if (fstat(source->fd, &info) != 0) return AVERROR(errno);
        return info.st_size;
    case SEEK_SET:
        source->position = offset;
        break;
    case SEEK_CUR:
        source->position += offset;
        break;
    case SEEK_END:
        if (fstat(source->fd, &info) != 0) return AVERROR(errno);
        source->position = info.st_size + offset;
        break;
    default:
        return AVERROR(EINVAL);
    }
    if (source->position < 0) source->position = 0;
    return source->position;
}

AVIOContext *mk_avio_from_fd(int fd) {
    enum { size = 64 * 1024 };
    mk_fd_source *source = malloc(sizeof *source);
    unsigned char *buffer = av_malloc(size);
    if (!source || !buffer) {
        free(source);
        av_free(buffer);
        return NULL;
    }
    source->fd = fd;
    source->position = 0;
    AVIOContext *context = avio_alloc_context(buffer, size, 0, source, mk_read, NULL, mk_seek);
    if (!context) {
        free(source);
        av_free(buffer);
    }
    return context;
}

void mk_avio_free(AVIOContext **context) {
    if (!context || !*context) return;
    free((*context)->opaque);
    av_freep(&(*context)->buffer);
    avio_context_free(context);
}
