#ifndef MACHINAKA_CCLIP_H
#define MACHINAKA_CCLIP_H

#include <libavformat/avformat.h>
#include "FFmpegLibrary.h"

/// FFmpeg's error codes are function-like macros, which Swift cannot import.
int mk_averror_eof(void);
int mk_averror_eagain(void);
int mk_averror_stream_not_found(void);
int mk_averror_decoder_not_found(void);

/// An I/O context reading the open file `fd` (opened beneath the feed folder by the caller, who
/// keeps it open while the context lives): FFmpeg never opens a feed file by its path, so a
/// link swapped in after the feed was read cannot point it elsewhere. NULL when out of memory.
AVIOContext *mk_avio_from_fd(int fd);

/// Frees a context made by `mk_avio_from_fd` (its buffer and state), and sets it to NULL.
void mk_avio_free(AVIOContext **context);

/// The clockwise turn, in degrees (0, 90, 180 or 270), that shows the stream's pictures upright
/// as the file's display matrix asks (a phone's portrait clip is stored on its side): a quarter
/// turn within a degree, as `ffmpeg` turns pictures; any other angle, none. A matrix that also
/// mirrors is read for its turn alone: the picture is turned, not mirrored back.
int mk_stream_clockwise_turn(const AVStream *stream);

/// The same for a display matrix itself (nine 16.16 and 2.30 fixed-point numbers).
int mk_matrix_clockwise_turn(const int32_t *matrix);

/// Copies one plane of `width`×`height` bytes turned `clockwise` degrees (90, 180 or 270) into
/// `target`, whose size is the turned one (height×width for a quarter turn).
void mk_turn_plane(const uint8_t *source, int sourcePitch, int width, int height, uint8_t *target, int targetPitch, int clockwise);

#endif
