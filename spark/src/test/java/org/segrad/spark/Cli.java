package org.segrad.spark;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.segrad.cli.SegradCli;
import org.segrad.cli.compare.RunResult;

/** One in-process {@code segrad} call (exit code, stdout, stderr; stderr also echoed), and the tiny compares of the tests. */
record Cli(int code, String out, String err) {

    static Cli run(List<String> args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(new Tee(err, oldErr), true, StandardCharsets.UTF_8));
            int code = SegradCli.execute(args.toArray(String[]::new));
            return new Cli(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /**
     * {@code compare} of ce and dice × 2 seeds on tiny synthetic cells, plus {@code more}; lr 0.03 so that runs learn
     * something within 2 epochs and differ (equal numbers everywhere would prove little).
     */
    static List<String> tinyCompare(Path out, int epochs, String... more) {
        List<String> args = new ArrayList<>(List.of("compare", "--images", "12", "--size", "16", "--base", "4", "--depth", "2", "--epochs",
                Integer.toString(epochs), "--lr", "0.03", "--losses", "ce,dice", "--reference", "ce", "--seeds", "2", "--fractions", "1.0", "--out",
                out.toString()));
        args.addAll(List.of(more));
        return args;
    }

    /** Spark settings that keep a driver on the loopback interface, with no UI. */
    static List<String> loopback() {
        return List.of("--spark-conf", "spark.driver.host=127.0.0.1", "--spark-conf", "spark.driver.bindAddress=127.0.0.1");
    }

    static List<Double> testMious(Path out) throws Exception {
        return RunResult.parseCsv(Files.readString(out.resolve("runs.csv"))).stream().map(RunResult::testMiou).toList();
    }

    private static final class Tee extends OutputStream {
        private final OutputStream a, b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }
}
