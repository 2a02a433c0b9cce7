package org.segrad.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.segrad.autodiff.Tensor;
import org.segrad.io.NdArray;
import org.segrad.autodiff.TensorArrays;
import org.segrad.losses.Losses;
import org.segrad.losses.SegLoss;
import org.segrad.io.Npy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code segrad loss}: the value of a loss (SPEC §4) and its gradient with respect to the logits, for logits and
 * labels in .npy files. Prints {@code {"loss": value}}; float64 logits give a float64 gradient, float32 a float32 one.
 *
 * <p>Failure contract: non-finite logits (NaN, ±∞) are bad input (one line naming {@code --logits}, exit 2); a loss or
 * gradient that is not finite for finite logits is an error (exit 1). In every failing case nothing is written: an
 * existing {@code --grad-out} keeps its bytes (the gradient is written last, atomically).
 */
@Command(name = "loss", mixinStandardHelpOptions = true,
        description = "Value and gradient w.r.t. the logits of a segmentation loss, for .npy logits [N,C,...] and labels [N,...].")
final class LossCommand implements Callable<Integer> {

    @Option(names = "--name", required = true, paramLabel = "NAME|EXPR",
            description = "A loss name (ce, dice, ce+dice, focal, tversky, ml, caml) or a loss expression (terms listed below).")
    String name;

    @Option(names = "--logits", required = true, paramLabel = "Z.npy", description = "Logits, float32 or float64, shape [N, C, ...].")
    Path logits;

    @Option(names = "--labels", required = true, paramLabel = "Y.npy", description = "Integer class ids, shape [N, ...] (any numeric dtype).")
    Path labels;

    @Option(names = "--option", paramLabel = "KEY=VALUE", description = "A loss option (repeatable), e.g. reduce=image, gamma=2.")
    List<String> options = new ArrayList<>();

    @Option(names = "--grad-out", paramLabel = "G.npy", description = "Writes dL/dz here, in the logits' dtype.")
    Path gradOut;

    @Option(names = "--path", paramLabel = "analytic|autodiff",
            description = "Which implementation computes the gradient (default: ${DEFAULT-VALUE}); they agree to 1e-10.")
    String path = "analytic";

    @Override
    public Integer call() throws IOException {
        SegLoss loss = Losses.create(name, Losses.parseOptions(options));
        if (!path.equals("analytic") && !path.equals("autodiff")) {
            throw new IllegalArgumentException("--path must be analytic or autodiff, got '" + path + "'");
        }
        NdArray za = read("--logits", logits);
        if (za.type() != NdArray.Type.F32 && za.type() != NdArray.Type.F64) {
            throw new IllegalArgumentException("--logits " + logits + " must hold float32 or float64 values, got " + za.type());
        }
        NonFinite.Scan bad = NonFinite.scan(za);
        if (!bad.clean()) {
            throw new IllegalArgumentException("--logits " + logits + " must be finite, got " + bad.describe() + "; nothing written");
        }
        if (gradOut != null && gradOut.toAbsolutePath().getParent() != null && !Files.isDirectory(gradOut.toAbsolutePath().getParent())) {
            throw new IllegalArgumentException("--grad-out " + gradOut + ": folder " + gradOut.toAbsolutePath().getParent() + " does not exist");
        }
        Tensor z = TensorArrays.toTensor(za);
        Tensor y = TensorArrays.toTensor(read("--labels", labels));
        double value;
        Tensor grad;
        if (path.equals("analytic")) {
            value = loss.analytic(z, y).value();
            grad = loss.analyticGradient(z, y);
        } else {
            Tensor zz = z.detach().requiresGrad(true);
            Tensor l = loss.forward(zz, y);
            l.backward();
            value = l.item();
            grad = zz.grad();
        }
        if (!Double.isFinite(value)) {
            throw new ArithmeticException("loss " + name + " is " + value + " for finite logits; nothing written");
        }
        NdArray g = TensorArrays.toNdArray(grad.to(z.dtype()));
        if (gradOut != null) {
            NonFinite.Scan badGrad = NonFinite.scan(g);
            if (!badGrad.clean()) {
                throw new ArithmeticException("the gradient of " + name + " has " + badGrad.describe() + " for finite logits; --grad-out "
                        + gradOut + " not written");
            }
            Npy.write(gradOut, g);
        }
        System.out.println("{\"loss\": " + json(value) + "}");
        return 0;
    }

    private static NdArray read(String option, Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException(option + " " + file + ": no such file");
        return Npy.read(file);
    }

    private static String json(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "null"; // shortest round-trip form; JSON has no NaN
    }
}
