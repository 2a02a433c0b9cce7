package org.segrad.train;

import java.util.LinkedHashMap;
import org.segrad.autodiff.Tensor;
import org.segrad.nn.UNet;

/**
 * A U-Net (base 1, depth 1) whose weights are set so that its answer is known: both 3×3 convs pass the centre pixel,
 * both batch-norms are the identity up to 1/√(1 + ε), the head gives logits (0, 10·x − 5): class 1 exactly where
 * the input is above ≈ 0.5.
 */
final class ThresholdUNet {
    private ThresholdUNet() {
    }

    static UNet make() {
        UNet net = new UNet(1, 2, 1, 1, 0);
        LinkedHashMap<String, Tensor> s = net.stateDict();
        for (String conv : new String[] {"down.0.0.weight", "down.0.3.weight"}) {
            Tensor w = s.get(conv);
            for (int i = 0; i < w.numel(); i++) w.set(i, i == 4 ? 1 : 0);
        }
        for (String bn : new String[] {"down.0.1", "down.0.4"}) {
            s.get(bn + ".weight").set(0, 1);
            s.get(bn + ".bias").set(0, 0);
            s.get(bn + ".running_mean").set(0, 0);
            s.get(bn + ".running_var").set(0, 1);
        }
        s.get("head.weight").set(0, 0);
        s.get("head.weight").set(1, 10);
        s.get("head.bias").set(0, 0);
        s.get("head.bias").set(1, -5);
        net.loadStateDict(s, true);
        return net;
    }
}
