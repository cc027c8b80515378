import CSDL2
import Foundation
import CSDL2TTF
import MachinakaCore
import MachinakaLayout
import MachinakaPOSIX

/// An open TTF font at one size; closed when the last reference goes.
///
/// SDL_ttf shares one FreeType library among all fonts, and FreeType allows its faces to be
/// used on several threads only if opening and closing them is serialised: the frame loop and
/// the layout worker each have their own fonts, opened and closed under this lock.
///
/// The font reads its file from a mapping of it, shared by every font of that file: SDL_ttf
/// keeps 256 glyphs a font, so Japanese text loads glyphs all the time, and through a file
/// each load was a seek and a read (a third of the longest alert's layout was those calls).
final class Font {
    let pointer: OpaquePointer
    /// The file this font reads; unmapped only after the font is closed.
    let file: MappedFile?
    private static let openClose = NSLock()
    /// The mapped font files, while some font uses them.
    nonisolated(unsafe) private static var mapped: [String: WeakFile] = [:]
    private final class WeakFile {
        weak var file: MappedFile?
        init(_ file: MappedFile) { self.file = file }
    }

    init(face: FontFace, size: Int) throws {
        Self.openClose.lock()
        defer { Self.openClose.unlock() }
        let file = Self.mapping(of: face.path)
        if let file, let stream = SDL_RWFromConstMem(file.base, Int32(clamping: file.count)) {
            // SDL_ttf closes the stream with the font, or at once when it fails to open one.
            pointer = try check(TTF_OpenFontIndexRW(stream, 1, Int32(size), Int(face.index)), "TTF_OpenFontIndexRW(\(face))")
            self.file = file
        } else {
            // A file that cannot be mapped is read the usual way; opening it reports why.
            pointer = try check(TTF_OpenFontIndex(face.path, Int32(size), Int(face.index)), "TTF_OpenFontIndex(\(face))")
            self.file = nil
        }
    }

    /// The mapping of `path`, shared while any font uses it; nil when it cannot be mapped.
    /// Called under `openClose`.
    private static func mapping(of path: String) -> MappedFile? {
        if let file = mapped[path]?.file { return file }
        mapped = mapped.filter { $0.value.file != nil }
        guard let file = try? MappedFile(path: path) else { return nil }
        mapped[path] = WeakFile(file)
        return file
    }

    deinit {
        Self.openClose.lock()
        TTF_CloseFont(pointer)
        Self.openClose.unlock()
    }
}

/// A piece of a line set in one face: its text, the font, and the scale it is drawn at (1 for
/// an outline face; a colour emoji face has bitmaps of one size only, scaled to the line).
struct FaceRun {
    let text: String
    let face: FontFace
    let font: Font
    let scale: Double
}

/// The fonts the renderer draws with, opened on demand from the catalog and kept in a small
/// cache; it is also the `TextMeasuring` layout uses, so what is measured is what is drawn.
///
/// A character the run's own face lacks is set in the first fallback face that has it (Noto
/// CJK for Korean or Chinese in Japanese text, Noto Color Emoji for emoji), so no text is
/// drawn as boxes that some installed face could show.
///
/// One thread uses a library: its caches and SDL_ttf's fonts are unguarded, so the frame loop
/// and the layout worker each open their own.
public final class FontLibrary: TextMeasuring {
    public let catalog: FontCatalog
    private struct Key: Hashable {
        var face: FontFace
        var size: Int
    }
    private var cache: [Key: Font] = [:]
    private var order: [Key] = []
    /// Faces that could not be opened (a damaged fallback): not tried again.
    private var unusable = Set<FontFace>()
    /// A line uses a few faces at a few sizes; this many open fonts is plenty.
    private let capacity = 16
    /// The catalog's face for each spec, whatever its size: asked for at every measure, and
    /// the catalog answers by building strings (a tenth of a long alert's layout).
    private var faces: [FontSpec: FontFace] = [:]
    /// The spec measured last, with its face and font: a paragraph measures hundreds of
    /// pieces in one spec, and finding them by hashing the spec and the face's path each time
    /// was a tenth of a long alert's layout.
    private var last: (spec: FontSpec, face: FontFace, font: Font)?

    /// Opens the roles' faces once (unless `validate` is false: a second library for another
    /// thread, after the first was checked), so a damaged body or heading font is reported at
    /// start, not in the middle of a rotation. The Chinese and Korean faces and the fallbacks
    /// (Noto CJK collections, 20 MB each) open when a frame first needs them — a few
    /// milliseconds off the first frame (`bench --window`: 170 → 165 ms p50 before the larger
    /// X full-screen fix) — and one that turns out damaged is left out like any part that
    /// cannot be drawn (its text reported, the frame shown without it).
    public init(catalog: FontCatalog, validate: Bool = true) throws {
        try SDLLibrary.initializeCore()
        self.catalog = catalog
        guard validate else { return }
        for face in catalog.roleFaces {
            _ = try Font(face: face, size: 12)
        }
    }

    private func font(_ face: FontFace, size: Int) -> Font? {
        let key = Key(face: face, size: max(1, size))
        if let font = cache[key] { return font }
        guard !unusable.contains(face) else { return nil }
        guard let font = try? Font(face: face, size: key.size) else {
            unusable.insert(face)
            return nil
        }
        cache[key] = font
        order.append(key)
        if order.count > capacity {
            cache[order.removeFirst()] = nil
        }
        return font
    }

    func font(_ spec: FontSpec) -> Font? {
        font(face(for: spec), size: spec.size)
    }

    /// The catalog's face for `spec`, looked up once for its role, weight and language.
    private func face(for spec: FontSpec) -> FontFace {
        var key = spec
        key.size = 0
        if let face = faces[key] { return face }
        let face = catalog.face(for: key)
        faces[key] = face
        return face
    }

    /// Whether `font` has a glyph for every visible scalar of `character` (joiners, variation
    /// selectors and other format characters need none).
    private func provides(_ font: Font, _ character: Character) -> Bool {
        character.unicodeScalars.allSatisfy { provides(font, $0) }
    }

    /// Whether `font` draws `scalar`, or it needs no glyph. The face's own map first: it
    /// answers for nearly every scalar, and the Unicode properties cost more to look up (a
    /// long alert's layout spent a tenth here).
    private func provides(_ font: Font, _ scalar: Unicode.Scalar) -> Bool {
        TTF_GlyphIsProvided32(font.pointer, scalar.value) != 0
            || scalar.properties.isWhitespace || scalar.properties.generalCategory == .control || scalar.properties.generalCategory == .format
            || scalar.properties.generalCategory == .nonspacingMark && (0xFE00...0xFE0F).contains(scalar.value)
    }

    /// `text` cut into runs by the face that draws each character: the spec's own where it has
    /// the glyph, else the first fallback that does. A character no face has is left out —
    /// never drawn as a box — and `missingGlyphs` (so `check`) names it.
    func runs(of text: String, spec: FontSpec) -> [FaceRun] {
        let primaryFace: FontFace, primary: Font
        if let last, last.spec == spec {
            (primaryFace, primary) = (last.face, last.font)
        } else {
            primaryFace = face(for: spec)
            guard let found = font(primaryFace, size: spec.size) else { return [] }
            primary = found
            last = (spec, primaryFace, found)
        }
        // Most text needs no fallback: one run, found with one pass over its scalars (a
        // character is provided when all its scalars are; no need to find where each ends).
        if text.unicodeScalars.allSatisfy({ provides(primary, $0) }) {
            return [FaceRun(text: text, face: primaryFace, font: primary, scale: 1)]
        }
        let lineHeight = Double(TTF_FontHeight(primary.pointer))
        var runs: [FaceRun] = []
        var current = ""
        var currentFace = primaryFace
        var currentFont = primary
        var currentScale = 1.0
        for character in text {
            var face = primaryFace, chosen = primary, scale = 1.0
            if !provides(primary, character) {
                var found = false
                for fallback in catalog.fallbackFaces(for: spec) {
                    guard let candidate = font(fallback, size: spec.size), provides(candidate, character) else { continue }
                    face = fallback
                    chosen = candidate
                    // A bitmap face (colour emoji) comes at its own size: scaled to the line.
                    let height = Double(TTF_FontHeight(candidate.pointer))
                    scale = height > lineHeight * 1.5 ? lineHeight / height : 1
                    found = true
                    break
                }
                if !found { continue }
            }
            if face != currentFace, !current.isEmpty {
                runs.append(FaceRun(text: current, face: currentFace, font: currentFont, scale: currentScale))
                current = ""
            }
            currentFace = face
            currentFont = chosen
            currentScale = scale
            current.append(character)
        }
        if !current.isEmpty { runs.append(FaceRun(text: current, face: currentFace, font: currentFont, scale: currentScale)) }
        return runs
    }

    public func width(of text: String, font spec: FontSpec) -> Int {
        guard !text.isEmpty else { return 0 }
        var total = 0.0
        for run in runs(of: text, spec: spec) {
            var w: Int32 = 0, h: Int32 = 0
            guard TTF_SizeUTF8(run.font.pointer, run.text, &w, &h) == 0 else { continue }
            total += Double(w) * run.scale
        }
        return Int(total.rounded())
    }

    public func height(of spec: FontSpec) -> Int {
        guard let font = font(spec) else { return spec.size }
        return Int(TTF_FontHeight(font.pointer))
    }

    public func ink(of text: String, font spec: FontSpec) -> Ink {
        // The spec's own face only (digits are in every face here); a glyph drawn from a
        // fallback face is measured by the spec's own notdef.
        guard let font = font(spec), !text.isEmpty else { return Ink(top: 0, height: height(of: spec)) }
        var top = Int32.min, bottom = Int32.max
        for scalar in text.unicodeScalars {
            var minX: Int32 = 0, maxX: Int32 = 0, minY: Int32 = 0, maxY: Int32 = 0, advance: Int32 = 0
            guard TTF_GlyphMetrics32(font.pointer, scalar.value, &minX, &maxX, &minY, &maxY, &advance) == 0, maxY > minY else { continue }
            top = max(top, maxY)
            bottom = min(bottom, minY)
        }
        guard top > bottom else { return Ink(top: 0, height: height(of: spec)) }
        let ascent = TTF_FontAscent(font.pointer)
        return Ink(top: Int(ascent - top), height: Int(top - bottom))
    }

    /// The characters of `text` that no face — the spec's own nor a fallback — has a glyph
    /// for (they would show as boxes).
    public func missingGlyphs(in text: String, font spec: FontSpec) -> [Character] {
        guard font(spec) != nil else { return Array(text) }
        let faces = [catalog.face(for: spec)] + catalog.fallbackFaces(for: spec)
        return text.filter { character in
            !faces.contains { face in font(face, size: spec.size).map { provides($0, character) } ?? false }
        }
    }

    /// Whether every character of `text` has a glyph in the spec's own face (no fallback).
    public func ownFaceCovers(_ text: String, font spec: FontSpec) -> Bool {
        guard let primary = font(spec) else { return false }
        return text.allSatisfy { provides(primary, $0) }
    }
}
