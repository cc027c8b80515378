import CSDL2
import CSDL2TTF
import MachinakaCore

/// Draws scenes with one SDL renderer: fills, text lines and images, nothing else decided here.
final class SceneRenderer {
    struct TextKey: Hashable {
        var text: String
        var font: FontSpec
        var color: RGBA
        /// The face that draws it (the spec's own, or a fallback for a run it lacks).
        var face: FontFace
    }

    let renderer: OpaquePointer
    let fonts: FontLibrary
    let textTextures: TextureCache<TextKey>
    private let imageTextures: TextureCache<ImageDecoder.Request>

    /// Whether the target keeps its pixels from one present to the next (a memory surface, SDL's
    /// software renderer on a window), so a frame can be finished by redrawing what changed.
    /// A GPU renderer's back buffer is undefined after a present: it is redrawn whole.
    let retainsPixels: Bool
    /// The scene the target's pixels show, when they are known to.
    private var onTarget: Scene?

    /// `frame` sizes the texture caches: what one screen of that size shows, with room to spare.
    init(renderer: OpaquePointer, fonts: FontLibrary, frame: PixelSize, retainsPixels: Bool) {
        self.renderer = renderer
        self.fonts = fonts
        self.retainsPixels = retainsPixels
        let frameBytes = frame.width * frame.height * 4
        textTextures = TextureCache(renderer: renderer, budgetBytes: Self.textBudget(for: frame))
        // Images: one full-screen poster and the logos. Another poster replaces it (decoded
        // again off the loop when it comes round) rather than both being kept.
        imageTextures = TextureCache(renderer: renderer, budgetBytes: frameBytes + frameBytes / 4)
        clips = ClipPlayer(renderer: renderer)
    }

    /// The clips playing and prepared, each decoding on a thread of its own.
    let clips: ClipPlayer
    /// Drawing a fade's outgoing frame: its clip shows what it has, and is not started again.
    private var drawingSnapshot = false

    /// Bytes of text textures kept for a frame of `size`: half a frame (4 MB at 1920×1080). A fade
    /// needs only the incoming slide's lines and the ticker; a test checks that every sample
    /// slide's fit with room to spare.
    static func textBudget(for size: PixelSize) -> Int {
        size.width * size.height * 4 / 2
    }

    /// Forgets what the target shows (the window was exposed or resized): the next frame is drawn whole.
    func invalidate() {
        onTarget = nil
        // Made again at the output's size for the next frame (a resize, lost targets).
        if let frameTexture { SDL_DestroyTexture(frameTexture) }
        frameTexture = nil
    }

    /// How many images were decoded on the frame loop because nobody prepared them (tests).
    private(set) var decodedOnLoop = 0

    /// How many frames were finished by redrawing only the ticker's strip (tests).
    private(set) var partialFrames = 0

    /// Parts left out of frames since the last `takeFailures()`; bounded, newest dropped.
    private var failures: [DrawFailure] = []

    /// What could not be drawn since the last call.
    func takeFailures() -> [DrawFailure] {
        defer { failures.removeAll() }
        return failures
    }

    /// Records a part left out of the frame.
    private func leftOut(_ failure: DrawFailure) {
        var failure = failure
        failure.part = drawingPart
        if failures.count < 32, !failures.contains(failure) { failures.append(failure) }
    }

    /// The part of the frame being drawn, for the failures it reports.
    private var drawingPart: DrawFailure.Part = .slide

    /// The scene being faded out, drawn once into a texture when its fade starts.
    private var snapshot: (scene: Scene, texture: OpaquePointer)?

    deinit {
        if let snapshot { SDL_DestroyTexture(snapshot.texture) }
        if let frameTexture { SDL_DestroyTexture(frameTexture) }
    }

    /// Draws `scene`, then the scene it replaces on top, fading out.
    func draw(_ scene: Scene, transition: Transition?) throws {
        _ = try drawReportingDamage(scene, transition: transition)
    }

    /// With a GPU (a target that does not keep its pixels), frames are composed in this
    /// texture, which does: a ticker step redraws the strip in it and copies it to the screen,
    /// instead of drawing the whole frame again. Nil on targets that keep their pixels.
    private var frameTexture: OpaquePointer?
    /// Whether to compose in `frameTexture` (a GPU window; set by the display).
    var composesInTexture = false
    /// Frames drawn whole, start to finish (tests; the benchmark's redraw count on a GPU).
    private(set) var wholeFrames = 0

    /// Draws like `draw(_:transition:)` and says what changed on the target: nil for the whole
    /// frame, an empty list for nothing, or the rectangles repainted.
    func drawReportingDamage(_ scene: Scene, transition: Transition?) throws -> [Rect]? {
        guard composesInTexture else { return try drawOnTarget(scene, transition: transition) }
        if frameTexture == nil {
            var w: Int32 = 0, h: Int32 = 0
            SDL_GetRendererOutputSize(renderer, &w, &h)
            frameTexture = try check(SDL_CreateTexture(renderer, SDL_PIXELFORMAT_ARGB8888.rawValue, Int32(SDL_TEXTUREACCESS_TARGET.rawValue),
                                                       max(1, w), max(1, h)), "SDL_CreateTexture(frame)")
            onTarget = nil
        }
        try check(SDL_SetRenderTarget(renderer, frameTexture), "SDL_SetRenderTarget(frame)")
        do {
            // Back to the screen whatever happened, before the frame is copied onto it.
            defer { SDL_SetRenderTarget(renderer, nil) }
            _ = try drawOnTarget(scene, transition: transition)
        }
        try check(SDL_RenderCopy(renderer, frameTexture, nil, nil), "SDL_RenderCopy(frame)")
        return nil
    }

    /// The target frames are drawn on: the frame texture, or the renderer's own.
    private var frameTarget: OpaquePointer? { composesInTexture ? frameTexture : nil }

    private func drawOnTarget(_ scene: Scene, transition: Transition?) throws -> [Rect]? {
        guard let transition, transition.progress < 1 else {
            // The fade is over: its snapshot (a whole frame) is freed at once.
            if let old = snapshot?.texture {
                SDL_DestroyTexture(old)
                snapshot = nil
            }
            // A showing this frame no longer has (an alert cut it) stops decoding before the
            // frame is drawn, not after.
            clips.keepOnly(scene.clip)
            var damaged: [Rect]? = nil
            switch onTarget.map(scene.damage(from:)) ?? .all {
            case .none:
                damaged = []
            case .regions(let regions):
                // The strip and the panel are painted opaque over whatever lies under them, so
                // they alone finish the frame: some 150 thousand pixels for the ticker instead
                // of two million.
                damaged = []
                if let clip = scene.clip, regions.contains(clip.frame) {
                    draw(clip)
                    damaged?.append(clip.frame)
                }
                if let panel = scene.panel, regions.contains(panel.frame) {
                    try draw(panel)
                    damaged?.append(panel.frame)
                }
                if let ticker = scene.ticker, regions.contains(ticker.frame) {
                    try draw(ticker)
                    damaged?.append(ticker.frame)
                }
                partialFrames += 1
            case .all:
                try draw(scene)
                wholeFrames += 1
            }
            // A frame that left out an image still being decoded is drawn whole next time.
            onTarget = (retainsPixels || composesInTexture) && !imagesPending ? scene : nil
            return damaged
        }
        // The target will hold a blend of two scenes.
        wholeFrames += 1
        defer { onTarget = nil }
        onTarget = nil
        if snapshot?.scene != transition.from {
            if let old = snapshot?.texture { SDL_DestroyTexture(old) }
            snapshot = nil
            // Whole size, so each frame of the fade is one blended copy. A half-size snapshot
            // cost less memory on paper, but SDL's software renderer stretched it into a
            // full-size scratch surface on every frame of the fade: 8 MB allocated, faulted in
            // and filled some 30 times a slide change (heaptrack), on top of the snapshot.
            let texture = try check(SDL_CreateTexture(renderer, SDL_PIXELFORMAT_ARGB8888.rawValue, Int32(SDL_TEXTUREACCESS_TARGET.rawValue),
                                                      Int32(max(1, transition.from.width)), Int32(max(1, transition.from.height))), "SDL_CreateTexture(target)")
            try check(SDL_SetRenderTarget(renderer, texture), "SDL_SetRenderTarget")
            drawingSnapshot = true
            defer {
                drawingSnapshot = false
                SDL_SetRenderTarget(renderer, frameTarget)
            }
            try draw(transition.from)
            snapshot = (transition.from, texture)
        }
        clips.keepOnly(scene.clip)
        try draw(scene)
        guard let texture = snapshot?.texture else { return nil }
        SDL_SetTextureBlendMode(texture, SDL_BLENDMODE_BLEND)
        SDL_SetTextureAlphaMod(texture, UInt8((1 - transition.progress) * 255))
        try check(SDL_RenderCopy(renderer, texture, nil, nil), "SDL_RenderCopy(fade)")
        return nil
    }

    /// Decodes the images `scene` will show, and the first pictures of its clip, ahead of time.
    func prepare(_ scene: Scene) {
        // The next slide's clip starts decoding; a next slide without one lets a clip prepared
        // earlier go (an alert came between).
        if !waitsForImages { clips.prepare(scene.clip) }
        for node in scene.nodes {
            if case .image(let image) = node, !imageTextures.contains(ImageDecoder.Request(image)) {
                decoder.request(ImageDecoder.Request(image))
            }
        }
    }

    /// Decodes ahead, on another thread.
    private let decoder = ImageDecoder()

    /// Whether a frame waits for an image still being decoded (and decodes one never asked for
    /// on this thread). True for `render` and previews, which must show every image; false for
    /// the live player: its frame goes out without the image and `imagesPending` asks for the
    /// frame again, so no decode ever holds an alert's frame.
    var waitsForImages = true
    /// Whether the last frame left out an image that is still being decoded.
    private(set) var imagesPending = false

    private func imageTexture(_ request: ImageDecoder.Request) throws -> Texture? {
        if !waitsForImages, !imageTextures.contains(request) {
            switch decoder.poll(request) {
            case nil:
                imagesPending = true
                return nil
            case .absent?:
                decoder.request(request)
                imagesPending = true
                return nil
            case .failed(let reason)?:
                throw ImageDecoder.Failure(description: reason)
            case .ready(let surface)?:
                return try imageTextures.texture(for: request) { surface }
            }
        }
        // Decoded ahead if prepared in time (or being decoded: then waited for); otherwise now,
        // on this thread. A decode that failed ahead is not tried again here.
        let texture = try imageTextures.texture(for: request) { () throws -> UnsafeMutablePointer<SDL_Surface>? in
            switch decoder.takeWaiting(request) {
            case .ready(let surface): return surface
            case .failed(let reason): throw ImageDecoder.Failure(description: reason)
            case .absent:
                decodedOnLoop += 1
                return try ImageDecoder.decode(request)
            }
        }
        // A surface decoded ahead while the texture was still cached is not needed.
        decoder.discard(request)
        return texture
    }

    func draw(_ scene: Scene) throws {
        imagesPending = false
        try setColor(scene.background)
        try check(SDL_RenderClear(renderer), "SDL_RenderClear")
        try draw(scene.nodes)
        if let clip = scene.clip {
            draw(clip)
        }
        if let panel = scene.panel {
            try draw(panel)
        }
        if let ticker = scene.ticker {
            try draw(ticker)
        }
    }

    /// The panel's ground, then its nodes, clipped to its frame.
    private func draw(_ panel: PanelNode) throws {
        drawingPart = .panel
        defer { drawingPart = .slide }
        try setColor(panel.background)
        var frame = sdlRect(panel.frame)
        try check(SDL_RenderFillRect(renderer, &frame), "SDL_RenderFillRect")
        try check(SDL_RenderSetClipRect(renderer, &frame), "SDL_RenderSetClipRect")
        defer { SDL_RenderSetClipRect(renderer, nil) }
        try draw(panel.nodes)
    }

    private func draw(_ nodes: [SceneNode]) throws {
        for node in nodes {
            switch node {
            case .fill(let rect, let color):
                try setColor(color)
                var r = sdlRect(rect)
                try check(SDL_RenderFillRect(renderer, &r), "SDL_RenderFillRect")
            case .text(let text):
                drawIsolated(text)
            case .image(let image):
                do {
                    try draw(image)
                } catch {
                    leftOut(DrawFailure(path: image.path, reason: "\(error)"))
                }
            }
        }
    }

    /// The strip, then the line at its offset, and its next copy when the end is in view.
    private func draw(_ ticker: TickerNode) throws {
        drawingPart = .ticker
        defer { drawingPart = .slide }
        try setColor(ticker.background)
        var strip = sdlRect(ticker.frame)
        try check(SDL_RenderFillRect(renderer, &strip), "SDL_RenderFillRect")
        try check(SDL_RenderSetClipRect(renderer, &strip), "SDL_RenderSetClipRect")
        defer { SDL_RenderSetClipRect(renderer, nil) }
        var x = ticker.frame.x + ticker.frame.width - ticker.offset
        // Copies of the line until the strip is covered: at most three.
        x -= ((x - ticker.frame.x) / max(1, ticker.period) + 1) * ticker.period
        let right = ticker.frame.x + ticker.frame.width
        while x < right {
            for (index, segment) in ticker.segments.enumerated() {
                let start = x + segment.x
                let end = index + 1 < ticker.segments.count ? x + ticker.segments[index + 1].x : x + ticker.period
                // Only the pieces in view are drawn (and so only they need a texture).
                guard end > ticker.frame.x, start < right else { continue }
                var piece = segment
                piece.x = start
                drawIsolated(piece)
            }
            x += ticker.period
        }
    }

    private func setColor(_ color: RGBA) throws {
        try check(SDL_SetRenderDrawColor(renderer, color.r, color.g, color.b, color.a), "SDL_SetRenderDrawColor")
    }

    private func sdlRect(_ rect: Rect) -> SDL_Rect {
        SDL_Rect(x: Int32(rect.x), y: Int32(rect.y), w: Int32(rect.width), h: Int32(rect.height))
    }

    /// Draws a line, or leaves it out and says why: a line the font cannot render (or whose
    /// texture cannot be made) spoils only itself.
    private func drawIsolated(_ node: TextNode) {
        do {
            try draw(node)
        } catch {
            leftOut(DrawFailure(text: node.text, reason: "\(error)"))
        }
    }

    /// A line, run by run: each in the face that has its glyphs (a colour emoji's bitmap scaled
    /// to the line and centred on it).
    private func draw(_ node: TextNode) throws {
        guard !node.text.isEmpty else { return }
        let lineHeight = fonts.height(of: node.font)
        let ascent = fonts.font(node.font).map { Int32(TTF_FontAscent($0.pointer)) } ?? 0
        var x = Double(node.x)
        for run in fonts.runs(of: node.text, spec: node.font) {
            let key = TextKey(text: run.text, font: node.font, color: node.color, face: run.face)
            let texture = try textTextures.texture(for: key) { () throws -> UnsafeMutablePointer<SDL_Surface>? in
                let color = SDL_Color(r: node.color.r, g: node.color.g, b: node.color.b, a: node.color.a)
                return try check(TTF_RenderUTF8_Blended(run.font.pointer, run.text, color), "TTF_RenderUTF8_Blended")
            }
            guard let texture else { continue }
            let w = Int32((Double(texture.width) * run.scale).rounded()), h = Int32((Double(texture.height) * run.scale).rounded())
            var dest = SDL_Rect(x: Int32(x.rounded()), y: Int32(node.y) + (Int32(lineHeight) - h) / 2, w: w, h: h)
            // Another face on the same baseline as the line's own (their ascents differ).
            if run.scale == 1 { dest.y = Int32(node.y) + ascent - TTF_FontAscent(run.font.pointer) }
            try check(SDL_RenderCopy(renderer, texture.pointer, nil, &dest), "SDL_RenderCopy")
            x += Double(texture.width) * run.scale
        }
    }

    /// The clip's picture due, or a note that it is still being decoded; a clip that cannot be
    /// decoded is left out and reported (its item leaves the rotation for a while).
    private func draw(_ clip: ClipNode) {
        do {
            if try !clips.draw(clip, waits: waitsForImages, starts: !drawingSnapshot) { imagesPending = true }
        } catch {
            leftOut(DrawFailure(path: clip.path, reason: "\(error)"))
        }
    }

    /// The image was scaled to its drawn size when decoded: here it is only copied, centred.
    private func draw(_ node: ImageNode) throws {
        let texture = try imageTexture(ImageDecoder.Request(node))
        guard let texture, texture.width > 0, texture.height > 0 else { return }
        let frame = node.frame
        var dest = SDL_Rect(x: Int32(frame.x) + (Int32(frame.width) - texture.width) / 2, y: Int32(frame.y) + (Int32(frame.height) - texture.height) / 2,
                            w: texture.width, h: texture.height)
        try check(SDL_RenderCopy(renderer, texture.pointer, nil, &dest), "SDL_RenderCopy")
    }
}
