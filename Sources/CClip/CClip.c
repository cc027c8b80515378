#include "CClip.h"

#include <errno.h>
#include <math.h>
#include <libavutil/display.h>
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

int mk_stream_clockwise_turn(const AVStream *stream) {
    const uint8_t *matrix = av_stream_get_side_data(stream, AV_PKT_DATA_DISPLAYMATRIX, NULL);
    if (!matrix) return 0;
    double counterclockwise = av_display_rotation_get((const int32_t *)matrix);
    if (isnan(counterclockwise)) return 0;
    // The nearest quarter turn, clockwise, in [0, 360): as fftools' get_rotation.
    long turn = lround(-counterclockwise / 90.0) * 90;
    turn %= 360;
    if (turn < 0) turn += 360;
    return (int)turn;
}

void mk_turn_plane(const uint8_t *source, int sourcePitch, int width, int height, uint8_t *target, int targetPitch, int clockwise) {
    // In tiles, so both the rows read and the rows written stay in the cache.
    enum { tile = 32 };
    for (int y0 = 0; y0 < height; y0 += tile) {
        int y1 = y0 + tile < height ? y0 + tile : height;
        for (int x0 = 0; x0 < width; x0 += tile) {
            int x1 = x0 + tile < width ? x0 + tile : width;
            for (int y = y0; y < y1; y++) {
                const uint8_t *row = source + (size_t)y * (size_t)sourcePitch;
                for (int x = x0; x < x1; x++) {
                    size_t at;
                    switch (clockwise) {
                    case 90: at = (size_t)x * (size_t)targetPitch + (size_t)(height - 1 - y); break;
                    case 270: at = (size_t)(width - 1 - x) * (size_t)targetPitch + (size_t)y; break;
                    default: at = (size_t)(height - 1 - y) * (size_t)targetPitch + (size_t)(width - 1 - x); break;
                    }
                    target[at] = row[x];
                }
            }
        }
    }
}
