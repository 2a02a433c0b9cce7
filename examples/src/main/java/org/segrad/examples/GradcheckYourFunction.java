package org.segrad.examples;

import java.util.List;
import org.segrad.autodiff.Autograd;
import org.segrad.autodiff.DType;
import org.segrad.autodiff.Elementwise;
import org.segrad.autodiff.GradCheck;
import org.segrad.autodiff.Tensor;

/**
 * Checks gradients of your own functions with {@link GradCheck} (central finite differences in float64, like
 * {@code torch.autograd.gradcheck}): a function composed of autodiff ops, and a new op with a hand-written backward
 * recorded through {@link Autograd#record}. The last check shows what a wrong backward looks like.
 * <pre>
 * java --add-modules jdk.incubator.vector -cp "examples/target/segrad-examples-0.1.0-SNAPSHOT.jar:examples/target/lib/*" \
 *      org.segrad.examples.GradcheckYourFunction
 * </pre>
 */
public final class GradcheckYourFunction {
    private GradcheckYourFunction() {}

    public static void main(String[] args) {
        for (GradCheck.Report r : run()) System.out.println(r);
    }

    /** f(x, w) = mean(tanh(x·w)²): a composite of ops, so its backward comes from the tape. */
    public static Tensor tanhSquared(Tensor x, Tensor w) {
        return x.matmul(w).tanh().pow(2).mean();
    }

    /**
     * softplus(x) = log(1 + eˣ), a new op: the forward is computed without the tape and the backward is given by hand,
     * ∂x = g · σ(x). Written as max(x, 0) + log1p(e^−|x|) so that large |x| neither overflows nor loses digits.
     */
    public static Tensor softplus(Tensor x) {
        Tensor y = Elementwise.map(x, v -> Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v))));
        return Autograd.record("softplus", y, g -> new Tensor[] {g.mul(x.sigmoid())}, x);
    }

    /** softplus with a classic slip in its backward (σ(−x) instead of σ(x)): the check must catch it. */
    static Tensor softplusWithWrongBackward(Tensor x) {
        Tensor y = Elementwise.map(x, v -> Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v))));
        return Autograd.record("softplus", y, g -> new Tensor[] {g.mul(x.neg().sigmoid())}, x);
    }

    /** The three checks: the composite and softplus pass (assertGradients would throw otherwise); the slip fails. */
    public static List<GradCheck.Report> run() {
        // Inputs that require grad are checked; a float32 input is copied to float64 for the check.
        Tensor x = Tensor.normal(DType.FLOAT64, 1, 0, 1, 3, 4).requiresGrad(true);
        Tensor w = Tensor.normal(DType.FLOAT64, 2, 0, 0.5, 4, 2).requiresGrad(true);
        GradCheck.Report composite = GradCheck.assertGradients("mean(tanh(x·w)²)", in -> tanhSquared(in[0], in[1]), x, w);

        // A non-scalar output is checked through a random projection (a vector-Jacobian product check).
        Tensor v = Tensor.uniform(DType.FLOAT64, 3, -4, 4, 2, 5).requiresGrad(true);
        GradCheck.Report custom = GradCheck.assertGradients("softplus", in -> softplus(in[0]), v);

        // check() reports without throwing: passed() is false, and toString() names the worst element.
        GradCheck.Report wrong = GradCheck.check("softplus, wrong backward", in -> softplusWithWrongBackward(in[0]), v);
        return List.of(composite, custom, wrong);
    }
}
