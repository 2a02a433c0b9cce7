package org.segrad.kernels;

/** Child-JVM entry point for {@link ScalarFallbackTest}: runs every facade once, twice, and prints the SIMD state. */
public final class FallbackProbe {
    private FallbackProbe() {}

    public static void main(String[] args) {
        for (int rep = 0; rep < 2; rep++) {
            float[] c = new float[4];
            GemmKernels.gemm(false, false, 2, 2, 2, new float[] {1, 2, 3, 4}, 0, new float[] {1, 0, 0, 1}, 0, c, 0, false);
            ConvGeometry g = ConvGeometry.of(1, 2, 5, 5, 3, 3, 1, 1, 1);
            float[] y = new float[g.outputSize()];
            Conv2dKernels.forward(g, new float[g.inputSize()], new float[g.weightSize()], y);
            ReluKernels.forward(c, c, 0, 4);
            BatchNormKernels.forward(ArrayKernels.FLOAT32, new float[] {1, 2, 3, 4}, new float[4], 1, 2, 2, true, null, null, null, null,
                    0.1, 1e-5, false, new double[2], new double[2]);
            System.out.println("c=" + java.util.Arrays.toString(c));
        }
        System.out.println("enabled=" + SimdSupport.enabled());
        System.out.println("vectorLoaded=" + (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()));
    }
}
