import Testing

/// SDL and SDL_ttf are not thread-safe, and Swift Testing runs suites in parallel: every
/// suite that draws is nested here so that they run one at a time.
@Suite(.serialized) struct RenderTests {}
