package org.segrad.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.segrad.kernels.ConvGeometry;

/**
 * The convolutions of unet-small (SPEC §3: base 16, depth 4, 1 input channel, 2 classes, 128×128) at batch 4,
 * one entry per distinct shape, with how many layers of the network use it.
 *
 * <p>A 2×2 stride-2 transposed convolution {@code ConvTranspose2d(cIn → cOut)} on an {@code s×s} input is listed as
 * the ordinary convolution it is the adjoint of: {@code conv(cOut → cIn, 2×2, stride 2)} on a {@code 2s×2s} input.
 * Its forward runs {@code Conv2dKernels.backwardData}, its backward-data runs {@code forward}, its backward-weight
 * runs {@code backwardWeight} on that geometry. With widths 16..128 the widest decoder input is 128 channels
 * (concat of a 64-channel skip and a 64-channel upsample); there is no 256-channel conv in this network.
 */
public final class UnetShapes {
    /** A named shape and its multiplicity in the network. */
    public record Shape(String name, ConvGeometry g, int layers, boolean transposed) {}

    public static final int BATCH = 4;

    private UnetShapes() {}

    public static List<Shape> all() {
        List<Shape> s = new ArrayList<>();
        s.add(conv3("enc0a 1->16 @128", 1, 16, 128, 1));
        s.add(conv3("enc0b/dec1b 16->16 @128", 16, 16, 128, 2));
        s.add(conv3("enc1a 16->32 @64", 16, 32, 64, 1));
        s.add(conv3("enc1b/dec2b 32->32 @64", 32, 32, 64, 2));
        s.add(conv3("enc2a 32->64 @32", 32, 64, 32, 1));
        s.add(conv3("enc2b/dec3b 64->64 @32", 64, 64, 32, 2));
        s.add(conv3("enc3a 64->128 @16", 64, 128, 16, 1));
        s.add(conv3("enc3b 128->128 @16", 128, 128, 16, 1));
        s.add(conv3("dec3a 128->64 @32", 128, 64, 32, 1));
        s.add(conv3("dec2a 64->32 @64", 64, 32, 64, 1));
        s.add(conv3("dec1a 32->16 @128", 32, 16, 128, 1));
        s.add(up("up3 convT 128->64 16->32", 128, 64, 16));
        s.add(up("up2 convT 64->32 32->64", 64, 32, 32));
        s.add(up("up1 convT 32->16 64->128", 32, 16, 64));
        s.add(new Shape("head 1x1 16->2 @128", ConvGeometry.of(BATCH, 16, 128, 128, 2, 1, 1, 0, 1), 1, false));
        return s;
    }

    /** Shapes by name, for JMH's {@code @Param}. */
    public static Map<String, Shape> byKey() {
        Map<String, Shape> m = new java.util.LinkedHashMap<>();
        for (Shape s : all()) m.put(key(s), s);
        return m;
    }

    /** A name without spaces: the JMH parameter value. */
    public static String key(Shape s) {
        return s.name().split(" ")[0].replace('/', '_');
    }

    private static Shape conv3(String name, int cIn, int cOut, int res, int layers) {
        return new Shape(name, ConvGeometry.of(BATCH, cIn, res, res, cOut, 3, 1, 1, 1), layers, false);
    }

    private static Shape up(String name, int cIn, int cOut, int inRes) {
        // ConvTranspose2d(cIn → cOut) on inRes² is the adjoint of conv(cOut → cIn, 2×2, s2) on (2·inRes)².
        return new Shape(name, ConvGeometry.of(BATCH, cOut, 2 * inRes, 2 * inRes, cIn, 2, 2, 0, 1), 1, true);
    }
}
