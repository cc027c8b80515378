import Foundation
import MachinakaPOSIX

/// One showing of a clip, decoded on a thread of its own a few pictures ahead of the screen.
///
/// The frame loop asks for the picture at a time (`frame(at:)`) and never waits: it gets the
/// newest picture due, or the one it already has. The thread keeps at most `depth` pictures
/// ready (two: 66 ms of slack at 30 fps), reusing their buffers, so memory stays flat however long the clip loops. At the end
/// of the file it starts again (a showing longer than the clip loops it); a time far from what
/// is decoded (a showing joined late) is reached by seeking.
public final class ClipStream: @unchecked Sendable {
    /// Opens the decoder, on the stream's thread (opening reads the file).
    public typealias Opener = @Sendable () throws(VideoError) -> ClipDecoder
    /// Pictures decoded, shown, skipped because the screen had passed them, and asked for
    /// when the picture due was not decoded yet (the benchmark's figures).
    public typealias Counts = ClipPipeline.Counts

    private let pipeline: ClipPipeline

    /// Starts decoding from `start` seconds into the showing, on a new thread.
    public init(width: Int, height: Int, from start: Double = 0, depth: Int = 2, open: @escaping Opener) {
        pipeline = ClipPipeline(width: width, height: height, from: start, depth: depth)
        let thread = Thread { [pipeline, open] in
            ProcessLife.lowerThisThreadsPriority(by: 5)
            ClipPipeline.run(pipeline, open: open)
        }
        thread.name = "machinaka.clip"
        thread.qualityOfService = .userInitiated
        thread.start()
    }

    /// The thread ends when its handle goes.
    deinit { pipeline.close() }

    /// The size pictures are converted to.
    public var width: Int { pipeline.width }
    public var height: Int { pipeline.height }
    /// How the showing went so far.
    public var statistics: Counts { pipeline.statistics }
    /// Stops the thread; it frees the decoder when its current picture is done.
    public func close() { pipeline.close() }
    /// Whether the picture for `time` is decoded (the next showing, prepared ahead, is ready).
    public func isReady(for time: Double = 0) -> Bool { pipeline.isReady(for: time) }
    /// The picture to show at `time` seconds into the showing: the newest one due, or the one
    /// already shown while the next is not decoded; nil before the first. Never waits.
    public func frame(at time: Double) throws(VideoError) -> VideoFrame? { try pipeline.frame(at: time) }
}

/// The state a stream's thread and the frame loop share, behind one lock.
public final class ClipPipeline: @unchecked Sendable {

    let width: Int, height: Int

    private let lock = NSCondition()
    private var ready: [VideoFrame] = []
    private var spare: [VideoFrame] = []
    private var current: VideoFrame?
    private var failure: VideoError?
    private var stopped = false
    private var seekTarget: Double?
    /// The target of the jump the thread is making, until its first picture is delivered.
    private var landing: Double?
    /// Seconds between pictures, once the clip is open (for late and tolerance).
    private var interval = 1.0 / 30
    private let depth: Int

    /// See `ClipStream.Counts`.
    public struct Counts: Equatable, Sendable {
        public var decoded = 0
        public var shown = 0
        public var dropped = 0
        public var late = 0
        /// Jumps the thread made (a showing joined under way, a starved thread).
        public var seeks = 0
    }
    private var counts = Counts()

    /// How far ahead of the screen a jump lands: the screen shows nothing new until it gets
    /// there, rather than chasing a target that moves on while the decoder seeks.
    static let seekLead = 1.0

    init(width: Int, height: Int, from start: Double, depth: Int) {
        self.width = max(1, width)
        self.height = max(1, height)
        self.depth = max(1, depth)
        if start > 0.001 { seekTarget = start + Self.seekLead }
    }

    func close() {
        lock.lock()
        stopped = true
        lock.broadcast()
        lock.unlock()
    }

    var statistics: Counts {
        lock.lock()
        defer { lock.unlock() }
        return counts
    }

    func isReady(for time: Double = 0) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return failure != nil || ready.contains { $0.time <= time + tolerance } || (current.map { $0.time <= time + tolerance } ?? false)
    }

    private var tolerance: Double { 0.002 + interval / 4 }

    func frame(at time: Double) throws(VideoError) -> VideoFrame? {
        lock.lock()
        defer { lock.unlock() }
        if let failure { throw failure }
        var taken: VideoFrame? = nil
        while let first = ready.first, first.time <= time + tolerance {
            if let taken {
                spare.append(taken)
                counts.dropped += 1
            }
            taken = ready.removeFirst()
        }
        if let taken {
            if let current { spare.append(current) }
            current = taken
            counts.shown += 1
            lock.broadcast()
        } else if let current, time - current.time > interval * 1.5 {
            counts.late += 1
        }
        // Far behind the screen (a thread starved for seconds): jump ahead of it, not to it —
        // decoding from the keyframe before the target takes a while (a second and more for
        // HD with keyframes 8 s apart), and a jump to where the screen was would be behind
        // again when it lands, for ever.
        // A jump under way counts as decoded up to its target: it is not asked for again.
        let decodedUpTo = max(ready.last?.time ?? current?.time ?? 0, landing ?? 0)
        if seekTarget == nil, !still, time - decodedUpTo > 1.0 + Self.seekLead {
            seekTarget = time + Self.seekLead
            spare += ready
            ready.removeAll()
            lock.broadcast()
        }
        return current
    }

    /// The thread: decode while there is room, loop at the end, seek when asked.
    static func run(_ owner: ClipPipeline, open: ClipStream.Opener) {
        // The decoder's buffers (tens of MB for HD) go back to the system when the showing
        // ends, not into the allocator's arenas until the next slide change trims them.
        defer { MemoryPolicy.returnFreeMemory() }
        runDecoding(owner, open: open)
    }

    private static func runDecoding(_ owner: ClipPipeline, open: ClipStream.Opener) {
        let decoder: ClipDecoder
        do {
            decoder = try open()
        } catch {
            owner.fail(error)
            return
        }
        decoder.interrupted = { [owner] in owner.isStopped }
        let interval = decoder.info.frameRate > 0 ? 1 / decoder.info.frameRate : 1.0 / 30
        owner.lock.lock()
        owner.interval = interval
        owner.lock.unlock()
        // One pass through the file lasts this long on screen: the container's word until a
        // pass has been played to its end, then the pictures' own (the last one's time and
        // one interval) — a container's duration may count a longer sound track.
        var passLength: Double? = decoder.info.duration > 0 ? decoder.info.duration : nil
        // Seconds of showing before this pass through the file, and where in the file the
        // pass began (a jump lands mid-file).
        var offset = 0.0
        var origin = 0.0
        var lastTime = 0.0
        var picturesThisPass = 0
        let stream = owner
        while true {
            stream.lock.lock()
            while !stream.stopped, stream.seekTarget == nil, stream.ready.count >= stream.depth || stream.still {
                stream.lock.wait()
            }
            if stream.stopped {
                stream.lock.unlock()
                return
            }
            let seek = stream.seekTarget
            stream.seekTarget = nil
            if let seek {
                stream.landing = seek
                stream.counts.seeks += 1
            }
            let frame = stream.spare.popLast() ?? VideoFrame(width: stream.width, height: stream.height)
            stream.lock.unlock()
            do throws(VideoError) {
                if let seek {
                    let passes = passLength.map { (seek / $0).rounded(.down) } ?? 0
                    offset = passes * (passLength ?? 0)
                    origin = seek - offset
                    try decoder.seek(to: origin)
                    picturesThisPass = 0
                }
                if try decoder.next(into: frame) {
                    picturesThisPass += 1
                    lastTime = frame.time
                    frame.time += offset
                    stream.deliver(frame, discardingIfSeeking: seek == nil)
                } else if stream.isStopped {
                    stream.giveBack(frame)
                    return
                } else {
                    stream.giveBack(frame)
                    if picturesThisPass > 0, origin == 0 { passLength = lastTime + interval }
                    if picturesThisPass == 0, origin == 0 { throw VideoError("", reason: "no picture in the file could be decoded") }
                    if picturesThisPass == 1, origin == 0 {
                        // One picture: a still. It stays up; nothing more is decoded.
                        stream.becomeStill()
                        continue
                    }
                    // The end (or a jump that landed past the last picture): the next pass
                    // starts one pass after this one began.
                    offset += picturesThisPass > 0 && origin == 0 ? lastTime + interval : (passLength ?? origin)
                    origin = 0
                    do {
                        try decoder.seek(to: 0)
                    } catch {
                        throw VideoError(error.operation, reason: "the clip cannot be played again from its start: \(error.reason)")
                    }
                    picturesThisPass = 0
                }
            } catch {
                stream.giveBack(frame)
                stream.fail(error)
                return
            }
        }
    }

    /// Whether the showing was closed.
    var isStopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopped
    }

    /// The clip is one picture: the thread waits until closed (or asked to jump).
    private var still = false

    private func becomeStill() {
        lock.lock()
        still = true
        landing = nil
        lock.unlock()
    }

    private func deliver(_ frame: VideoFrame, discardingIfSeeking: Bool) {
        lock.lock()
        defer { lock.unlock() }
        // A seek asked for while this picture was decoded makes it stale.
        if discardingIfSeeking, seekTarget != nil {
            spare.append(frame)
            return
        }
        ready.append(frame)
        counts.decoded += 1
        landing = nil
        lock.broadcast()
    }

    private func giveBack(_ frame: VideoFrame) {
        lock.lock()
        spare.append(frame)
        lock.unlock()
    }

    private func fail(_ error: VideoError) {
        lock.lock()
        failure = error
        lock.broadcast()
        lock.unlock()
    }
}
