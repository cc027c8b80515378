import CSDL2
import Foundation
import CSDL2TTF
import MachinakaCore
import MachinakaLayout

/// An open TTF font at one size; closed when the last reference goes.
///
/// SDL_ttf shares one FreeType library among all fonts, and FreeType allows its faces to be
/// used on several threads only if opening and closing them is serialised: the frame loop and
/// the layout worker each have their own fonts, opened and closed under this lock.
final class Font {
    let pointer: OpaquePointer
    private static let openClose = NSLock()

    init(face: FontFace, size: Int) throws {
        Self.openClose.lock()
        defer { Self.openClose.unlock() }
        pointer = try check(TTF_OpenFontIndex(face.path, Int32(size), Int(face.index)), "TTF_OpenFontIndex(\(face))")
    }

    deinit {
        Self.openClose.lock()
        TTF_CloseFont(pointer)
        Self.openClose.unlock()
    }
}

/// The fonts the renderer draws with, opened on demand from the catalog and kept in a small
/// cache; it is also the `TextMeasuring` layout uses, so what is measured is what is drawn.
public final class FontLibrary: TextMeasuring {
    public let catalog: FontCatalog
    private var cache: [FontSpec: Font] = [:]
    private var order: [FontSpec] = []
    /// Fitting tries several sizes per slide; this many open fonts is plenty.
    private let capacity = 12

    /// Opens every face in the catalog once (unless `validate` is false: a second library for
    /// another thread, after the first was checked), so a damaged font file is reported at
    /// start, not in the middle of a rotation.
    public init(catalog: FontCatalog, validate: Bool = true) throws {
        try SDLLibrary.initializeCore()
        self.catalog = catalog
        guard validate else { return }
        for face in catalog.allFaces {
            _ = try Font(face: face, size: 12)
        }
    }

    func font(_ spec: FontSpec) -> Font? {
        if let font = cache[spec] {
            return font
        }
        guard let font = try? Font(face: catalog.face(for: spec), size: max(1, spec.size)) else { return nil }
        cache[spec] = font
        order.append(spec)
        if order.count > capacity {
            cache[order.removeFirst()] = nil
        }
        return font
    }

    public func width(of text: String, font spec: FontSpec) -> Int {
        guard !text.isEmpty, let font = font(spec) else { return 0 }
        var w: Int32 = 0, h: Int32 = 0
        guard TTF_SizeUTF8(font.pointer, text, &w, &h) == 0 else { return 0 }
        return Int(w)
    }

    public func height(of spec: FontSpec) -> Int {
        guard let font = font(spec) else { return spec.size }
        return Int(TTF_FontHeight(font.pointer))
    }

    /// The characters of `text` that the face for `spec` has no glyph for (would show as tofu).
    public func missingGlyphs(in text: String, font spec: FontSpec) -> [Character] {
        guard let font = font(spec) else { return Array(text) }
        return text.filter { character in
            character.unicodeScalars.contains { scalar in
                !scalar.properties.isWhitespace && scalar.properties.generalCategory != .control
                    && scalar.properties.generalCategory != .format
                    && TTF_GlyphIsProvided32(font.pointer, scalar.value) == 0
            }
        }
    }
}
