import CClip
import CFFmpeg
import Foundation
import MachinakaPOSIX

/// One clip file open for decoding: its container (read through an I/O context over a
/// descriptor opened beneath the feed, never by path), its video stream's decoder, and a
/// scaler to the size it is drawn at. Not thread-safe: one thread uses it at a time.
public final class ClipDecoder {
    /// What the file holds. (Every stored property has a value before the first `throw` after
    /// FFmpeg's functions are found, so a file that fails to open still runs `deinit`, which
    /// frees what FFmpeg had made; when they are not found, nothing was made.)
    public private(set) var info = ClipInfo(container: "", codec: "", width: 0, height: 0, frameRate: 0, duration: 0, hasAudio: false)
    /// The path, for messages.
    public let path: String

    private let ff: mk_ffmpeg
    private let file: FileDescriptor
    private var io: UnsafeMutablePointer<AVIOContext>?
    private var format: UnsafeMutablePointer<AVFormatContext>?
    private var codec: UnsafeMutablePointer<AVCodecContext>?
    private var packet: UnsafeMutablePointer<AVPacket>?
    private var picture: UnsafeMutablePointer<AVFrame>?
    private var scaler: OpaquePointer?
    /// A turned clip's pictures, scaled but not yet turned (kept for the next picture).
    private var unturned: VideoFrame?
    private var streamIndex: Int32 = -1
    private var timeBase = 0.0
    private var startTime: Int64 = 0
    /// Asked between pictures and while decoding towards a seek's target: true stops the work
    /// (the showing was closed: an alert took the screen).
    public var interrupted: () -> Bool = { false }
    /// The containers a clip may be: a file whose content says otherwise (a concat list, a
    /// playlist that would make FFmpeg open other files by their paths) is refused.
    static let containers = "mov,mp4,m4a,3gp,3g2,mj2,matroska,webm"
    /// The decoder was given the end of the stream and is handing out what it still holds.
    private var draining = false
    /// After a seek: pictures before this time are decoded (the codec needs them) but not converted.
    private var skipUntil: Double?
    /// Pictures the codec could not decode in a row; a stream that never recovers is broken.
    private var failuresInARow = 0
    static let failureLimit = 48
    /// Packets read so far, and how many may be (a probe reads a few hundred at most: a file
    /// whose packets never make a picture is refused without being read to its end).
    private var packetsRead = 0
    var packetLimit = Int.max

    /// Opens `file` (already opened safely; kept open while the decoder lives) and its best
    /// video stream. `threads`: the codec's decoding threads; nil chooses by the clip's cost.
    public init(file: FileDescriptor, path: String, threads: Int? = nil) throws(VideoError) {
        // FFmpeg's libraries are loaded here, for the first clip, and a system without them
        // refuses the clip with the reason.
        ff = try FFmpeg.functions()
        self.file = file
        self.path = path
        guard let io = mk_avio_from_fd(file.rawValue) else { throw VideoError("", reason: "out of memory") }
        self.io = io
        var format: UnsafeMutablePointer<AVFormatContext>? = ff.avformat_alloc_context()
        guard format != nil else { throw VideoError("", reason: "out of memory") }
        format!.pointee.pb = io
        format!.pointee.flags |= AVFMT_FLAG_CUSTOM_IO
        // FFmpeg reads this descriptor and nothing else: no other container, no protocol (a
        // reference to another file is not followed).
        format!.pointee.format_whitelist = ff.av_strdup(Self.containers)
        format!.pointee.protocol_whitelist = ff.av_strdup("none")
        // On failure FFmpeg frees the context and clears the pointer.
        do {
            try check(ff.avformat_open_input(&format, path, nil, nil), "")
        } catch {
            throw VideoError("", reason: "not a video file FFmpeg can read (\(error.reason)); it may be damaged or only half copied")
        }
        self.format = format
        try check(ff.avformat_find_stream_info(format, nil), "avformat_find_stream_info")
        var decoder: UnsafePointer<AVCodec>? = nil
        let index = ff.av_find_best_stream(format, AVMEDIA_TYPE_VIDEO, -1, -1, &decoder, 0)
        guard index >= 0, let decoder, let stream = format!.pointee.streams[Int(index)] else {
            throw VideoError("", reason: index == mk_averror_decoder_not_found() ? "no decoder in this system's FFmpeg for its video" : "the file has no video stream")
        }
        // A song's cover picture is a "video" stream of one picture: not a clip.
        guard stream.pointee.disposition & AV_DISPOSITION_ATTACHED_PIC == 0 else {
            throw VideoError("", reason: "the file has no video stream, only a cover picture")
        }
        streamIndex = index
        let parameters = stream.pointee.codecpar!
        var hasAudio = false
        for i in 0..<Int(format!.pointee.nb_streams) {
            guard let other = format!.pointee.streams[i] else { continue }
            if other.pointee.codecpar.pointee.codec_type == AVMEDIA_TYPE_AUDIO { hasAudio = true }
            // Only the picture is read: sound and subtitles are skipped by the demuxer.
            if Int32(i) != index { other.pointee.discard = AVDISCARD_ALL }
        }
        guard let context = ff.avcodec_alloc_context3(decoder) else { throw VideoError("", reason: "out of memory") }
        codec = context
        try check(ff.avcodec_parameters_to_context(context, parameters), "avcodec_parameters_to_context")
        context.pointee.thread_count = Int32(max(1, threads ?? Self.threads(width: Int(parameters.pointee.width), height: Int(parameters.pointee.height),
                                                                             frameRate: Self.frameRate(of: stream))))
        try check(ff.avcodec_open2(context, decoder, nil), "avcodec_open2")
        packet = ff.av_packet_alloc()
        picture = ff.av_frame_alloc()
        guard packet != nil, picture != nil else { throw VideoError("", reason: "out of memory") }

        let base = stream.pointee.time_base
        timeBase = base.den == 0 ? 0 : Double(base.num) / Double(base.den)
        startTime = stream.pointee.start_time == Int64.min ? 0 : stream.pointee.start_time
        let frameRate = Self.frameRate(of: stream)
        var duration = format!.pointee.duration > 0 ? Double(format!.pointee.duration) / Double(AV_TIME_BASE) : 0
        if stream.pointee.duration > 0, timeBase > 0 { duration = Double(stream.pointee.duration) * timeBase }
        let aspect = ff.av_guess_sample_aspect_ratio(format, stream, nil)
        let width = Int(parameters.pointee.width), height = Int(parameters.pointee.height)
        let displayWidth = aspect.num > 0 && aspect.den > 0 ? Int((Double(width) * Double(aspect.num) / Double(aspect.den)).rounded()) : width
        guard width > 0, height > 0 else { throw VideoError("", reason: "the video stream has no picture size") }
        info = ClipInfo(container: String(cString: format!.pointee.iformat.pointee.name), codec: ff.avcodec_get_name(parameters.pointee.codec_id).map { String(cString: $0) } ?? "unknown",
                        width: width, height: height, displayWidth: displayWidth, frameRate: frameRate, duration: duration, hasAudio: hasAudio,
                        turn: Int(mk_stream_clockwise_turn(stream)))
    }

    /// One decoding thread up to 1080p30's pixels a second: it keeps up (the whole player, the
    /// clip's decoding and drawing included, used 31 % of a core in `bench --window
    /// --clip-only`, every picture on time), and a second thread's frames in flight cost
    /// memory (a headless 1080p showing's anonymous PSS read 69 MB with two threads, 56 with
    /// one, from /proc/PID/smaps_rollup); two above that, for 4K or 60 fps.
    static func threads(width: Int, height: Int, frameRate: Double) -> Int {
        Double(width * height) * max(frameRate, 30) > 1920 * 1080 * 30 * 1.1 ? 2 : 1
    }

    /// Frames a second as the stream says, or 0 (unknown: shown at 30) when it says nothing
    /// plausible (a time base of 90,000 read as a rate).
    static func frameRate(of stream: UnsafeMutablePointer<AVStream>) -> Double {
        let rate = stream.pointee.avg_frame_rate.den != 0 ? stream.pointee.avg_frame_rate : stream.pointee.r_frame_rate
        let value = rate.den == 0 ? 0 : Double(rate.num) / Double(rate.den)
        return (1...120).contains(value) ? value : 0
    }

    deinit {
        if let scaler { ff.sws_freeContext(scaler) }
        ff.av_frame_free(&picture)
        ff.av_packet_free(&packet)
        ff.avcodec_free_context(&codec)
        // Opened with our own I/O context: FFmpeg leaves it to us.
        ff.avformat_close_input(&format)
        mk_avio_free(&io)
    }

    /// Goes to the picture shown at `seconds` from the start: the keyframe before it, then
    /// decoding on without converting until `seconds`.
    public func seek(to seconds: Double) throws(VideoError) {
        let target = startTime + Int64(max(0, seconds) / max(timeBase, 1e-9))
        try check(ff.av_seek_frame(format, streamIndex, target, AVSEEK_FLAG_BACKWARD), "av_seek_frame")
        ff.avcodec_flush_buffers(codec)
        draining = false
        skipUntil = seconds > 0 ? seconds : nil
    }

    /// Decodes the next picture into `frame`, scaled to its size; false at the end of the
    /// stream. `frame.time` is the picture's time from the start of the clip.
    public func next(into frame: VideoFrame) throws(VideoError) -> Bool {
        while let time = try decodeOne() {
            if interrupted() { return false }
            if let skip = skipUntil {
                // The picture shown at `skip` is the last one starting at or before it.
                let interval = info.frameRate > 0 ? 1 / info.frameRate : 0.04
                if time + interval <= skip + 0.001 { continue }
                skipUntil = nil
            }
            try convert(into: frame)
            frame.time = time
            return true
        }
        return false
    }

    /// The next decoded picture's time, left in `picture`; nil at the end.
    private func decodeOne() throws(VideoError) -> Double? {
        let eof = mk_averror_eof(), again = mk_averror_eagain()
        while true {
            let received = ff.avcodec_receive_frame(codec, picture)
            if received == 0 {
                failuresInARow = 0
                let pts = picture!.pointee.best_effort_timestamp
                return pts == Int64.min ? 0 : Double(pts - startTime) * timeBase
            }
            if received == eof { return nil }
            if received != again { try noteFailure(received, "avcodec_receive_frame"); continue }
            if draining { return nil }
            packetsRead += 1
            guard packetsRead <= packetLimit else { throw VideoError("", reason: "no picture in its first \(packetLimit) packets could be decoded") }
            let read = ff.av_read_frame(format, packet)
            if read == eof {
                draining = true
                _ = ff.avcodec_send_packet(codec, nil)
                continue
            }
            // A read error mid-file is the end of what can be played of it.
            if read < 0 { try noteFailure(read, "av_read_frame"); draining = true; _ = ff.avcodec_send_packet(codec, nil); continue }
            defer { ff.av_packet_unref(packet) }
            guard packet!.pointee.stream_index == streamIndex else { continue }
            let sent = ff.avcodec_send_packet(codec, packet)
            if sent < 0, sent != again { try noteFailure(sent, "avcodec_send_packet") }
        }
    }

    /// A damaged picture is skipped, as players do; a stream that never decodes again is broken.
    private func noteFailure(_ code: Int32, _ operation: String) throws(VideoError) {
        failuresInARow += 1
        if failuresInARow >= Self.failureLimit {
            throw VideoError(operation, reason: "the video stream is damaged: \(errorText(code))")
        }
    }

    /// The decoded picture, upright and scaled to `frame`'s size (the size it is drawn at, so
    /// the renderer never scales or turns it again) as planar YUV 4:2:0, limited range.
    private func convert(into frame: VideoFrame) throws(VideoError) {
        guard info.turn != 0 else { return try scale(into: frame) }
        // Scaled first at the size that turns into `frame`'s, then turned: turning the smaller
        // of the two pictures (the one drawn) costs least.
        let quarter = info.turn != 180
        let width = quarter ? frame.height : frame.width, height = quarter ? frame.width : frame.height
        let scratch = unturned.flatMap { $0.width == width && $0.height == height ? $0 : nil } ?? VideoFrame(width: width, height: height)
        unturned = scratch
        try scale(into: scratch)
        frame.bt709 = scratch.bt709
        let chromaWidth = (width + 1) / 2, chromaHeight = (height + 1) / 2
        let turn = Int32(info.turn)
        mk_turn_plane(scratch.planes.y, Int32(scratch.lumaPitch), Int32(width), Int32(height), frame.planes.y, Int32(frame.lumaPitch), turn)
        mk_turn_plane(scratch.planes.u, Int32(scratch.chromaPitch), Int32(chromaWidth), Int32(chromaHeight), frame.planes.u, Int32(frame.chromaPitch), turn)
        mk_turn_plane(scratch.planes.v, Int32(scratch.chromaPitch), Int32(chromaWidth), Int32(chromaHeight), frame.planes.v, Int32(frame.chromaPitch), turn)
    }

    /// The decoded picture scaled, as it is stored, to `frame`'s size.
    private func scale(into frame: VideoFrame) throws(VideoError) {
        let source = picture!.pointee
        guard source.width > 0, source.height > 0 else { throw VideoError("", reason: "a picture came without a size") }
        let pixelFormat = AVPixelFormat(rawValue: source.format)
        scaler = ff.sws_getCachedContext(scaler, source.width, source.height, pixelFormat, Int32(frame.width), Int32(frame.height), AV_PIX_FMT_YUV420P,
                                      SWS_BILINEAR, nil, nil, nil)
        guard let scaler else { throw VideoError("sws_getCachedContext", reason: "cannot convert \(pixelFormat) pictures") }
        // HD pictures are BT.709 unless they say otherwise; full-range sources (phones) are
        // brought to the limited range the texture's conversion expects.
        frame.bt709 = source.colorspace == AVCOL_SPC_BT709 || (source.colorspace == AVCOL_SPC_UNSPECIFIED && source.height >= 720)
        let table = ff.sws_getCoefficients(frame.bt709 ? SWS_CS_ITU709 : SWS_CS_ITU601)
        _ = ff.sws_setColorspaceDetails(scaler, table, source.color_range == AVCOL_RANGE_JPEG ? 1 : 0, table, 0, 0, 1 << 16, 1 << 16)
        var planes = source.data
        var strides = source.linesize
        let sourcePlanes = withUnsafeBytes(of: &planes) { Array($0.bindMemory(to: UnsafePointer<UInt8>?.self)) }
        let sourceStrides = withUnsafeBytes(of: &strides) { Array($0.bindMemory(to: Int32.self)) }
        let target: [UnsafeMutablePointer<UInt8>?] = [frame.planes.y, frame.planes.u, frame.planes.v, nil]
        let targetStrides: [Int32] = [Int32(frame.lumaPitch), Int32(frame.chromaPitch), Int32(frame.chromaPitch), 0]
        let rows = ff.sws_scale(scaler, sourcePlanes, sourceStrides, 0, source.height, target, targetStrides)
        guard rows > 0 else { throw VideoError("sws_scale", reason: "the picture could not be converted") }
    }
}

extension ClipDecoder {
    /// What the clip at `path` holds, after decoding its first picture (a file whose header
    /// reads but whose pictures do not is refused here, when the feed is read, not on screen).
    public static func probe(_ file: FileDescriptor, path: String) throws(VideoError) -> ClipInfo {
        // One thread: a probe runs beside the playing screen.
        let decoder = try ClipDecoder(file: file, path: path, threads: 1)
        decoder.packetLimit = 600
        guard try decoder.next(into: VideoFrame(width: 16, height: 16)) else {
            throw VideoError("", reason: "no picture in the file could be decoded")
        }
        return decoder.info
    }

    /// The picture shown `seconds` into a showing that loops the clip, at `width`×`height`:
    /// for `render --at` and previews, which must be exact and may wait for it.
    public func still(at seconds: Double, width: Int, height: Int) throws(VideoError) -> VideoFrame {
        let frame = VideoFrame(width: max(1, width), height: max(1, height))
        let within = info.duration > 0 ? seconds.truncatingRemainder(dividingBy: info.duration) : 0
        try seek(to: within)
        if try next(into: frame) { return frame }
        // Past the last picture's start: the last picture is the one on screen.
        try seek(to: max(0, within - 1))
        var found = false
        while try next(into: frame) { found = true }
        guard found else { throw VideoError("", reason: "no picture in the file could be decoded") }
        return frame
    }
}

extension ClipDecoder {
    /// Opens the clip at the absolute `path` the feed resolved (a link or a pipe put there since
    /// is refused, as for images).
    public static func open(absolute path: String, threads: Int? = nil) throws(VideoError) -> ClipDecoder {
        let file: FileDescriptor
        do {
            file = try SafeFile.open(absolute: path)
        } catch {
            throw VideoError("", reason: error.description)
        }
        return try ClipDecoder(file: file, path: path, threads: threads)
    }
}
