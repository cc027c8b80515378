/// What has to be drawn again to turn the frame on screen into the next one.
public enum Damage: Equatable, Sendable {
    /// Nothing changed.
    case none
    /// Only these rectangles changed (the ticker's strip, a data panel, a clip's picture), each
    /// repainted whole.
    case regions([Rect])
    /// Everything: a new slide, an alert, the clock's minute, another size.
    case all
}

extension Scene {
    /// What must be redrawn when this scene follows `old` on a target that kept `old`'s pixels.
    /// Between two frames of one slide only the ticker's strip moves and a panel's data
    /// changes, so only those are redrawn: the rest of a 1920×1080 frame is left as it is.
    public func damage(from old: Scene) -> Damage {
        guard width == old.width, height == old.height, background == old.background, nodes == old.nodes else { return .all }
        var regions: [Rect] = []
        switch (clip, old.clip) {
        case (nil, nil):
            break
        case (let new?, let previous?) where new.still == previous.still:
            if new.picture != previous.picture { regions.append(new.frame) }
        default:
            return .all
        }
        switch (panel, old.panel) {
        case (nil, nil):
            break
        case (let new?, let previous?) where new.frame == previous.frame:
            if new != previous { regions.append(new.frame) }
        default:
            return .all
        }
        switch (ticker, old.ticker) {
        case (nil, nil):
            break
        case (let new?, let previous?) where new.frame == previous.frame && new.background == previous.background
            && new.segments == previous.segments && new.period == previous.period:
            if new.offset != previous.offset { regions.append(new.frame) }
        default:
            return .all
        }
        return regions.isEmpty ? .none : .regions(regions)
    }
}
