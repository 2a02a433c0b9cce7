package org.segrad.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.segrad.autodiff.DType;
import org.segrad.autodiff.Tensor;

/**
 * Parity with PyTorch (float64): values and gradients of 20 loss configurations on one batch [2, 3, 4, 4] with an
 * absent class and an ignored pixel, from losses/src/test/python/make_golden.py (CE through F.cross_entropy, the
 * others written in torch from docs/losses.md, gradients by torch.autograd).
 */
class PyTorchGoldenTest {

    private static double[] numbers(String line) {
        return Arrays.stream(line.trim().split(" ")).mapToDouble(Double::parseDouble).toArray();
    }

    private static int[] dims(String header) {
        String[] p = header.trim().split(" ");
        return Arrays.stream(p, 1, p.length).mapToInt(Integer::parseInt).toArray();
    }

    @Test
    void everyCaseMatchesPyTorch() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/golden/losses.txt");
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            int[] zs = dims(r.readLine());
            double[] z = numbers(r.readLine());
            int[] ys = dims(r.readLine());
            double[] y = numbers(r.readLine());
            double[] yPlain = y.clone();
            yPlain[0] = 0; // the ignored pixel, for cases without ignore-index (as the generator does)
            int cases = 0;
            double worstValue = 0, worstGrad = 0;
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String[] head = line.split(" ");
                Map<String, String> opts = new LinkedHashMap<>();
                if (!head[2].equals("-")) {
                    for (String kv : head[2].split(";")) opts.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
                }
                double value = Double.parseDouble(r.readLine().substring(5));
                double[] grad = numbers(r.readLine().substring(5));
                SegLoss loss = Losses.create(head[1], opts);
                Tensor labels = Tensor.of(DType.FLOAT64, opts.containsKey("ignore-index") ? y : yPlain, ys);
                String label = head[1] + " " + opts;
                for (boolean analytic : new boolean[] {true, false}) {
                    LossValue v = analytic ? loss.analytic(Tensor.fromArray(z.clone(), zs), labels)
                            : Grads.autodiff(loss, Tensor.fromArray(z.clone(), zs), labels);
                    double ve = Grads.relValueError(v.value(), value), ge = Grads.relError(v.gradient().toDoubleArray(), grad);
                    worstValue = Math.max(worstValue, ve);
                    worstGrad = Math.max(worstGrad, ge);
                    assertTrue(ve <= 1e-12, label + ": value " + v.value() + " vs PyTorch " + value);
                    assertTrue(ge <= 1e-10, label + ": gradient error " + ge + " against PyTorch");
                }
                cases++;
            }
            assertEquals(20, cases);
            System.out.printf("PyTorch parity: %d cases, max value error %.2e, max gradient error %.2e%n", cases, worstValue, worstGrad);
        }
    }
}
