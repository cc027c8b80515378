#include "CClip.h"
#include "FFmpegLibrary.h"

#include <errno.h>
#include <math.h>
#include <libavutil/display.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/// FFmpeg's functions: loaded by the time a clip's I/O or stream is asked for here (the decoder
/// loads them first), so NULL only where nothing of FFmpeg's can be done.
static const mk_ffmpeg *ff(void) {
    char ignored[1];
    return mk_ffmpeg_load(ignored, 0);
}

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
    const mk_ffmpeg *library = ff();
    if (!library) return NULL;
    mk_fd_source *source = malloc(sizeof *source);
    unsigned char *buffer = library->av_malloc(size);
    if (!source || !buffer) {
        free(source);
        library->av_free(buffer);
        return NULL;
    }
    source->fd = fd;
    source->position = 0;
    AVIOContext *context = library->avio_alloc_context(buffer, size, 0, source, mk_read, NULL, mk_seek);
    if (!context) {
        free(source);
        library->av_free(buffer);
    }
    return context;
}

void mk_avio_free(AVIOContext **context) {
    const mk_ffmpeg *library = ff();
    if (!library || !context || !*context) return;
    free((*context)->opaque);
    library->av_freep(&(*context)->buffer);
    library->avio_context_free(context);
}

int mk_matrix_clockwise_turn(const int32_t *matrix) {
    int32_t upright[9];
    memcpy(upright, matrix, sizeof upright);
    // A matrix that mirrors (negative determinant) is read for its turn with the mirror taken
    // off, not as the half turn that reading it whole gives a mirror alone.
    double determinant = (double)matrix[0] * matrix[4] - (double)matrix[1] * matrix[3];
    if (determinant < 0) {
        upright[0] = -upright[0];
        upright[3] = -upright[3];
    }
    const mk_ffmpeg *library = ff();
    if (!library) return 0;
    double counterclockwise = library->av_display_rotation_get(upright);
    if (isnan(counterclockwise)) return 0;
    // A quarter turn within a degree, as `ffmpeg` turns pictures; any other angle is shown as
    // stored (turned within its frame, it would be cut at the corners).
    double clockwise = fmod(-counterclockwise, 360.0);
    if (clockwise < 0) clockwise += 360.0;
    for (int turn = 0; turn <= 360; turn += 90) {
        if (fabs(clockwise - turn) < 1.0) return turn % 360;
    }
    return 0;
}

int mk_stream_clockwise_turn(const AVStream *stream) {
    const mk_ffmpeg *library = ff();
    if (!library) return 0;
    size_t size = 0;
    const uint8_t *matrix = library->av_stream_get_side_data(stream, AV_PKT_DATA_DISPLAYMATRIX, &size);
    // A damaged file's matrix may be short: read as no turn, not past its end.
    if (!matrix || size < 9 * sizeof(int32_t)) return 0;
    int32_t copy[9];
    memcpy(copy, matrix, sizeof copy);
    return mk_matrix_clockwise_turn(copy);
}

/// One byte's new place for a turn: `target`'s index of the source byte at (x, y).
static inline size_t mk_turned_at(int x, int y, int width, int height, int targetPitch, int clockwise) {
    switch (clockwise) {
    case 90: return (size_t)x * (size_t)targetPitch + (size_t)(height - 1 - y);
    case 270: return (size_t)(width - 1 - x) * (size_t)targetPitch + (size_t)y;
    default: return (size_t)(height - 1 - y) * (size_t)targetPitch + (size_t)(width - 1 - x);
    }
}

/// Transposes eight rows of eight bytes held as words (byte i of a word is column i): three
/// rounds of swapping ever larger blocks across the diagonal.
static inline void mk_transpose8(uint64_t r[8]) {
    for (int j = 0; j < 8; j += 2) {
        uint64_t t = ((r[j] >> 8) ^ r[j + 1]) & 0x00FF00FF00FF00FFull;
        r[j + 1] ^= t;
        r[j] ^= t << 8;
    }
    static const int firsts[4] = {0, 1, 4, 5};
    for (int k = 0; k < 4; k++) {
        int j = firsts[k];
        uint64_t t = ((r[j] >> 16) ^ r[j + 2]) & 0x0000FFFF0000FFFFull;
        r[j + 2] ^= t;
        r[j] ^= t << 16;
    }
    for (int j = 0; j < 4; j++) {
        uint64_t t = ((r[j] >> 32) ^ r[j + 4]) & 0x00000000FFFFFFFFull;
        r[j + 4] ^= t;
        r[j] ^= t << 32;
    }
}

void mk_turn_plane(const uint8_t *source, int sourcePitch, int width, int height, uint8_t *target, int targetPitch, int clockwise) {
    int x8 = 0, y8 = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    // Eight bytes at a time where whole words fit: a picture's rows are 8 × 8 blocks but for
    // its last few columns and rows, which go a byte at a time below.
    x8 = width & ~7;
    y8 = clockwise == 180 ? height : height & ~7;
    if (clockwise == 180) {
        for (int y = 0; y < height; y++) {
            const uint8_t *row = source + (size_t)y * (size_t)sourcePitch;
            uint8_t *out = target + (size_t)(height - 1 - y) * (size_t)targetPitch;
            for (int x = 0; x < x8; x += 8) {
                uint64_t word;
                memcpy(&word, row + x, 8);
                word = __builtin_bswap64(word);
                memcpy(out + (width - 8 - x), &word, 8);
            }
        }
    } else {
        // In tiles of 64 × 64, so the rows read and the rows written both stay in the cache.
        for (int ty = 0; ty < y8; ty += 64) {
            for (int tx = 0; tx < x8; tx += 64) {
                int yEnd = ty + 64 < y8 ? ty + 64 : y8, xEnd = tx + 64 < x8 ? tx + 64 : x8;
                for (int x = tx; x < xEnd; x += 8) {
                    for (int y = ty; y < yEnd; y += 8) {
                        uint64_t r[8];
                        for (int j = 0; j < 8; j++) memcpy(&r[j], source + (size_t)(y + j) * (size_t)sourcePitch + x, 8);
                        mk_transpose8(r);
                        // r[i] now holds column x + i, rows y … y + 7.
                        for (int i = 0; i < 8; i++) {
                            if (clockwise == 90) {
                                uint64_t word = __builtin_bswap64(r[i]);
                                memcpy(target + (size_t)(x + i) * (size_t)targetPitch + (size_t)(height - 8 - y), &word, 8);
                            } else {
                                memcpy(target + (size_t)(width - 1 - x - i) * (size_t)targetPitch + (size_t)y, &r[i], 8);
                            }
                        }
                    }
                }
            }
        }
    }
#endif
    // What the words did not cover: the last columns of every row, then the last rows.
    for (int y = 0; y < height; y++) {
        const uint8_t *row = source + (size_t)y * (size_t)sourcePitch;
        for (int x = (y < y8 ? x8 : 0); x < width; x++) target[mk_turned_at(x, y, width, height, targetPitch, clockwise)] = row[x];
    }
}
