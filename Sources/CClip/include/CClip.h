#ifndef MACHINAKA_CCLIP_H
#define MACHINAKA_CCLIP_H

#include <libavformat/avformat.h>

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

#endif
