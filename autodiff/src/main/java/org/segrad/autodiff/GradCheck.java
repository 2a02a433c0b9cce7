package org.segrad.autodiff;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.segrad.kernels.StridedKernels;

/**
 * Gradient check by central finite differences in float64, like {@code torch.autograd.gradcheck}.
 *
 * <p>Every input that {@link Tensor#requiresGrad() requires grad} is copied to FLOAT64. A non-scalar output is
 * reduced to a scalar {@code L = Σ out ⊙ r} with a fixed random r (a vector-Jacobian product check). The analytic
 * gradient comes from {@link Tensor#backward}; the numeric one from {@code (L(x + εeᵢ) − L(x − εeᵢ)) / 2ε}.
 * An element passes when {@code |analytic − numeric| ≤ atol + rtol·|numeric|}. The report gives, per input, the
 * largest absolute error and the largest relative error {@code |a − n| / max(|a|, |n|, 1e-6)}.
 */
public final class GradCheck {
    private GradCheck() {}

    /** Step and tolerances. Defaults: ε = 1e-6, atol = 1e-5, rtol = 1e-3 (PyTorch's). */
    public record Options(double eps, double atol, double rtol) {
        public static final Options DEFAULT = new Options(1e-6, 1e-5, 1e-3);
    }

    /** Errors of one input. {@code worst} is the flat index of the largest absolute error. */
    public record InputError(int input, int[] shape, double maxAbsError, double maxRelError, int worst,
                             double analytic, double numeric, boolean passed) {}

    /** The result of one check. */
    public record Report(String name, List<InputError> inputs, Options options) {
        public boolean passed() {
            return inputs.stream().allMatch(InputError::passed);
        }

        public double maxAbsError() {
            return inputs.stream().mapToDouble(InputError::maxAbsError).max().orElse(0);
        }

        public double maxRelError() {
            return inputs.stream().mapToDouble(InputError::maxRelError).max().orElse(0);
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%s: %s (max abs %.3e, max rel %.3e)",
                    name, passed() ? "passed" : "FAILED", maxAbsError(), maxRelError()));
            for (InputError e : inputs) {
                sb.append(String.format(Locale.ROOT, "%n  input %d %s: abs %.3e rel %.3e, worst at %d: analytic %.10g numeric %.10g%s",
                        e.input(), Shape.str(e.shape()), e.maxAbsError(), e.maxRelError(), e.worst(), e.analytic(), e.numeric(),
                        e.passed() ? "" : "  <-- FAILED"));
            }
            return sb.toString();
        }
    }

    public static Report check(String name, Function<Tensor[], Tensor> f, Tensor... inputs) {
        return check(name, f, Options.DEFAULT, inputs);
    }

    public static Report check(String name, Function<Tensor[], Tensor> f, Options opt, Tensor... inputs) {
        Tensor[] xs = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            Tensor c = inputs[i].to(DType.FLOAT64).detach().copy();
            xs[i] = c.requiresGrad(inputs[i].requiresGrad());
        }
        Tensor out = f.apply(xs);
        if (!out.requiresGrad()) throw new IllegalArgumentException(name + ": the output does not depend on any input that requires grad");
        Tensor r = out.numel() == 1 ? Tensor.ones(DType.FLOAT64, out.shape())
                : Tensor.uniform(DType.FLOAT64, 0x5eed, -1, 1, out.shape());
        out.backward(r.to(out.dtype()));
        List<InputError> errors = new ArrayList<>();
        for (int k = 0; k < xs.length; k++) {
            Tensor x = xs[k];
            if (!x.requiresGrad()) continue;
            Tensor analytic = x.grad() == null ? Tensor.zeros(DType.FLOAT64, x.shape()) : x.grad();
            double maxAbs = 0, maxRel = 0, wa = 0, wn = 0;
            int worst = -1;
            boolean ok = true;
            double[] data = x.doubleData();
            for (int i = 0; i < data.length; i++) {
                double saved = data[i];
                data[i] = saved + opt.eps();
                double plus = project(f, xs, r);
                data[i] = saved - opt.eps();
                double minus = project(f, xs, r);
                data[i] = saved;
                double numeric = (plus - minus) / (2 * opt.eps());
                double a = analytic.get(i);
                double abs = Math.abs(a - numeric);
                if (Double.isNaN(abs)) abs = Double.POSITIVE_INFINITY;
                double rel = abs / Math.max(Math.max(Math.abs(a), Math.abs(numeric)), 1e-6);
                ok &= abs <= opt.atol() + opt.rtol() * Math.abs(numeric);
                if (abs > maxAbs || worst < 0) {
                    maxAbs = abs;
                    worst = i;
                    wa = a;
                    wn = numeric;
                }
                maxRel = Math.max(maxRel, rel);
            }
            errors.add(new InputError(k, x.shape(), maxAbs, maxRel, worst, wa, wn, ok));
        }
        return new Report(name, errors, opt);
    }

    /** Runs {@link #check} and throws an AssertionError carrying the report when it fails. */
    public static Report assertGradients(String name, Function<Tensor[], Tensor> f, Options opt, Tensor... inputs) {
        Report rep = check(name, f, opt, inputs);
        if (!rep.passed()) throw new AssertionError(rep.toString());
        return rep;
    }

    public static Report assertGradients(String name, Function<Tensor[], Tensor> f, Tensor... inputs) {
        return assertGradients(name, f, Options.DEFAULT, inputs);
    }

    private static double project(Function<Tensor[], Tensor> f, Tensor[] xs, Tensor r) {
        try (Autograd.NoGrad ignored = Autograd.noGrad()) {
            Tensor out = f.apply(xs);
            return StridedKernels.dotInOrder(out.data(), r.data());
        }
    }
}
