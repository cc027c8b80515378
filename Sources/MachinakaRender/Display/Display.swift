import MachinakaCore

/// Where frames go: a real screen or an off-screen surface. Everything above the renderer
/// talks to this, so the whole player runs the same in a test as on a kiosk.
public protocol Display: AnyObject {
    /// The frame size in pixels.
    var size: PixelSize { get }
    /// Draws `scene` and presents it.
    func show(_ scene: Scene) throws
    /// Writes the last presented frame as a PNG file.
    func writePNG(to path: String) throws
}
