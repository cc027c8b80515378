@testable import MachinakaRender
import Testing

/// How `--renderer auto` decides, from what the machine says.
@Suite struct RendererChoiceTests {
    @Test func mesasSoftwareRasterizersAreKnownByName() {
        for name in ["llvmpipe (LLVM 15.0.6, 256 bits)", "softpipe", "Software Rasterizer", "swrast"] {
            #expect(RendererProbe.isSoftwareRasterizer(name), "\(name)")
        }
        for name in ["Mesa Intel(R) UHD Graphics 620 (KBL GT2)", "AMD Radeon Graphics (renoir, LLVM 15.0.6, DRM 3.49)", "V3D 4.2", "opengl"] {
            #expect(!RendererProbe.isSoftwareRasterizer(name), "\(name)")
        }
    }

    @Test func withoutARenderNodeOrWithMesaToldSoftwareTheGPUIsNotTried() {
        #expect(RendererProbe.softwareWithoutTrying(environment: [:], renderNodes: []) == "no GPU render node in /dev/dri")
        #expect(RendererProbe.softwareWithoutTrying(environment: ["LIBGL_ALWAYS_SOFTWARE": "1"], renderNodes: ["renderD128"]) == "LIBGL_ALWAYS_SOFTWARE is set")
        #expect(RendererProbe.softwareWithoutTrying(environment: ["GALLIUM_DRIVER": "llvmpipe"], renderNodes: ["renderD128"]) == "GALLIUM_DRIVER=llvmpipe")
        // A render node and nothing against it: the GPU is tried (and GL_RENDERER then decides).
        #expect(RendererProbe.softwareWithoutTrying(environment: ["LIBGL_ALWAYS_SOFTWARE": "0"], renderNodes: ["renderD128"]) == nil)
    }
}
