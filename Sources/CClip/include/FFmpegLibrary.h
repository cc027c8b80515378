#ifndef MACHINAKA_FFMPEG_LIBRARY_H
#define MACHINAKA_FFMPEG_LIBRARY_H

#include <stddef.h>
#include <libavformat/avformat.h>
#include <libavcodec/avcodec.h>
#include <libswscale/swscale.h>
#include <libavutil/display.h>

/// Every FFmpeg function the player calls, with the library it is found in. FFmpeg is not
/// linked: its libraries bring some seventy more of their own (codecs, TLS, SVG, SRT…), about
/// 13 MB resident in every player, so they are loaded when the first clip is opened. A screen
/// that never plays a clip never pays for them.
#define MK_FFMPEG_FUNCTIONS(X) \
    X(avutil, av_malloc) \
    X(avutil, av_free) \
    X(avutil, av_freep) \
    X(avutil, av_strdup) \
    X(avutil, av_strerror) \
    X(avutil, av_log_set_level) \
    X(avutil, av_display_rotation_get) \
    X(avutil, av_frame_alloc) \
    X(avutil, av_frame_free) \
    X(swscale, sws_getCachedContext) \
    X(swscale, sws_getCoefficients) \
    X(swscale, sws_setColorspaceDetails) \
    X(swscale, sws_scale) \
    X(swscale, sws_freeContext) \
    X(avcodec, avcodec_alloc_context3) \
    X(avcodec, avcodec_parameters_to_context) \
    X(avcodec, avcodec_open2) \
    X(avcodec, avcodec_send_packet) \
    X(avcodec, avcodec_receive_frame) \
    X(avcodec, avcodec_flush_buffers) \
    X(avcodec, avcodec_free_context) \
    X(avcodec, avcodec_get_name) \
    X(avcodec, av_packet_alloc) \
    X(avcodec, av_packet_free) \
    X(avcodec, av_packet_unref) \
    X(avformat, avformat_alloc_context) \
    X(avformat, avformat_open_input) \
    X(avformat, avformat_find_stream_info) \
    X(avformat, avformat_close_input) \
    X(avformat, av_find_best_stream) \
    X(avformat, av_read_frame) \
    X(avformat, av_seek_frame) \
    X(avformat, av_guess_sample_aspect_ratio) \
    X(avformat, av_stream_get_side_data) \
    X(avformat, avio_alloc_context) \
    X(avformat, avio_context_free)

/// FFmpeg's entry points, each typed as its header declares it (a call through one is checked
/// against FFmpeg's own declaration, as a direct call would be).
typedef struct mk_ffmpeg {
#define MK_FFMPEG_FIELD(library, name) __typeof__(name) *_Nonnull name;
    MK_FFMPEG_FUNCTIONS(MK_FFMPEG_FIELD)
#undef MK_FFMPEG_FIELD
} mk_ffmpeg;

/// Loads FFmpeg's libraries (the major versions of the headers built against) and finds every
/// function, once for the process; later calls return the same answer, so FFmpeg installed
/// after a failure is used from the player's next start. NULL when a library or a function is
/// missing, with the reason in `error` (the dynamic linker's words, or the function missing);
/// the libraries opened before the failure stay loaded.
const mk_ffmpeg *_Nullable mk_ffmpeg_load(char *_Nonnull error, size_t size);

#endif
