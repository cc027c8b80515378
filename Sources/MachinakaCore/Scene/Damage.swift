/// What has to be drawn again to turn the frame on screen into the next one.
public enum Damage: Equatable, Sendable {
    /// Nothing changed.
    case none
    /// Only this rectangle changed (the ticker's strip).
    case region(Rect)
    /// Everything: a new slide, an alert, the clock's minute, another size.
    case all
}

extension Scene {
    /// What must be redrawn when this scene follows `old` on a target that kept `old`'s pixels.
    /// Between two ticker frames of one slide only the strip moves, so only the strip is
    /// redrawn: the rest of a 1920×1080 frame is left as it is.
    public func damage(from old: Scene) -> Damage {
        guard width == old.width, height == old.height, background == old.background, nodes == old.nodes else { return .all }
        switch (ticker, old.ticker) {
        case (nil, nil):
            return .none
        case (let new?, let previous?) where new.frame == previous.frame && new.background == previous.background
            && new.segments == previous.segments && new.period == previous.period:
            return new.offset == previous.offset ? .none : .region(new.frame)
        default:
            return .all
        }
    }
}
