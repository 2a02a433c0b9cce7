package org.segrad.io;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ArbitrarySupplier;
import net.jqwik.api.Combinators;
import org.opentest4j.AssertionFailedError;

/**
 * The fuzz harness of the io readers (.npy, safetensors, NIfTI): the one law every fuzz property checks, the damage it
 * does to valid files, and the random arrays those files are made of.
 *
 * <p>The law ({@link #readOrCleanError}): reading any bytes either returns a result (non-null, and passing the
 * format's own result check) or throws the format's own exception type with a non-blank message (passing the format's
 * message check). Anything else fails the property, naming what was thrown: another exception type (an
 * {@link IllegalArgumentException} from {@link NdArray}, an {@link IndexOutOfBoundsException}, an IOException of the
 * wrong kind) or an {@link Error} such as {@link OutOfMemoryError}.
 *
 * @param <T> what the reader returns
 */
final class FormatFuzz<T> {

    /** A reader of a whole file held in memory. */
    @FunctionalInterface
    interface Reader<T> {
        T read(byte[] file) throws IOException;
    }

    /** One kind of damage to a file: changes {@code file} in place, or returns a longer copy. */
    @FunctionalInterface
    interface Mutation {
        byte[] apply(byte[] file, Random r);
    }

    /** .npy: only {@link NpyFormatException} may escape {@link Npy#read(byte[])}. */
    static final FormatFuzz<NdArray> NPY = of(Npy::read, NpyFormatException.class);
    /** safetensors: only {@link SafetensorsFormatException} may escape {@link Safetensors#read(byte[])}. */
    static final FormatFuzz<SafetensorsFile> SAFETENSORS = of(Safetensors::read, SafetensorsFormatException.class);

    private final Reader<T> reader;
    private final Class<? extends IOException> allowed;
    private final Consumer<? super T> resultCheck;
    private final Consumer<String> messageCheck;

    private FormatFuzz(Reader<T> reader, Class<? extends IOException> allowed, Consumer<? super T> resultCheck,
            Consumer<String> messageCheck) {
        this.reader = reader;
        this.allowed = allowed;
        this.resultCheck = resultCheck;
        this.messageCheck = messageCheck;
    }

    /** A harness for {@code reader}, which may throw {@code allowed} (and its subclasses) and nothing else. */
    static <T> FormatFuzz<T> of(Reader<T> reader, Class<? extends IOException> allowed) {
        return new FormatFuzz<>(reader, allowed, r -> { }, m -> { });
    }

    /** This harness, also asserting {@code check} on every result. */
    FormatFuzz<T> resultsMust(Consumer<? super T> check) {
        return new FormatFuzz<>(reader, allowed, check, messageCheck);
    }

    /** This harness, also asserting {@code check} on every error message. */
    FormatFuzz<T> messagesMust(Consumer<String> check) {
        return new FormatFuzz<>(reader, allowed, resultCheck, check);
    }

    /** Reads {@code file}: a result is fine, the allowed exception with a message is fine, nothing else is. */
    void readOrCleanError(byte[] file) {
        T result;
        try {
            result = reader.read(file);
        } catch (Throwable t) {
            if (!allowed.isInstance(t)) {
                throw new AssertionFailedError("unexpected " + t + " from a " + file.length + "-byte input (only "
                        + allowed.getSimpleName() + " may escape the reader)", t);
            }
            String message = t.getMessage();
            assertTrue(message != null && !message.isBlank(), () -> t + " has no message");
            messageCheck.accept(message);
            return;
        }
        assertNotNull(result);
        resultCheck.accept(result);
    }

    /** Asserts that reading {@code file} throws the allowed exception with every fragment in its message. */
    void assertFails(byte[] file, String... fragments) {
        IOException e = assertThrows(allowed, () -> reader.read(file));
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), () -> "message lacks '" + f + "': " + e.getMessage());
        }
    }

    // ---- damage ----

    /** A copy of {@code valid} with 1 to 4 mutations, each of a kind drawn uniformly from {@code kinds}. */
    static byte[] mutate(byte[] valid, Random r, Mutation... kinds) {
        byte[] file = valid.clone();
        int mutations = 1 + r.nextInt(4);
        for (int m = 0; m < mutations; m++) {
            file = kinds[r.nextInt(kinds.length)].apply(file, r);
        }
        return file;
    }

    /** The first {@code cut % (length + 1)} bytes of {@code file}: any prefix, the empty and whole file included. */
    static byte[] truncate(byte[] file, int cut) {
        return Arrays.copyOf(file, cut % (file.length + 1));
    }

    /** A random byte anywhere in the file. */
    static Mutation anyByte() {
        return (file, r) -> {
            file[r.nextInt(file.length)] = (byte) r.nextInt(256);
            return file;
        };
    }

    /** A random byte among the first {@code n} (the preamble: magic, version, lengths). */
    static Mutation preambleByte(int n) {
        return (file, r) -> {
            file[r.nextInt(n)] = (byte) r.nextInt(256);
            return file;
        };
    }

    /** One of {@code alphabet}'s characters (the grammar's punctuation, keywords) at a random place in [from, to). */
    static Mutation headerChar(String alphabet, int from, int to) {
        byte[] chars = alphabet.getBytes(StandardCharsets.ISO_8859_1);
        return (file, r) -> {
            file[from + r.nextInt(to - from)] = chars[r.nextInt(chars.length)];
            return file;
        };
    }

    /**
     * The decimal digits of a random non-negative long of random magnitude, written over [from, to) from a random place
     * in it (cut at the end of the file): huge dimensions, offsets and lengths.
     */
    static Mutation digitRun(int from, int to) {
        return (file, r) -> {
            int at = from + r.nextInt(to - from);
            byte[] digits = Long.toString(Math.abs(r.nextLong() >> r.nextInt(64))).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(digits, 0, file, at, Math.min(digits.length, file.length - at));
            return file;
        };
    }

    /** 1 to {@code max} zero bytes appended (trailing garbage, or data for a header that now declares more). */
    static Mutation grow(int max) {
        return (file, r) -> Arrays.copyOf(file, file.length + 1 + r.nextInt(max));
    }

    // ---- declared shapes ----

    /**
     * Shapes a header may declare ({@code @ForAll(supplier = DeclaredShapes.class) List<Long>}): 0 to 4 dimensions,
     * each 0, small, near or past {@code Integer.MAX_VALUE}, or any non-negative long, so that products overflow int or
     * long, or pass int and then meet a 0 (issue 9's {@code [100000, 100000, 0]}).
     */
    static final class DeclaredShapes implements ArbitrarySupplier<List<Long>> {
        @Override
        public Arbitrary<List<Long>> get() {
            Arbitrary<Long> dims = Arbitraries.oneOf(
                    Arbitraries.of(0L, 1L, 2L, 3L, 65_536L, 100_000L, Integer.MAX_VALUE - 1L, (long) Integer.MAX_VALUE,
                            Integer.MAX_VALUE + 1L, 1L << 32, Long.MAX_VALUE),
                    Arbitraries.longs().between(0, Long.MAX_VALUE));
            return dims.list().ofMaxSize(4);
        }
    }

    /** The data bytes a file declaring {@code dims} of {@code itemSize}-byte elements holds: their exact size when it
     *  is at most 4096 bytes, else none (the reader must refuse the file without allocating for it). */
    static int dataBytes(List<Long> dims, int itemSize) {
        long bytes = itemSize;
        for (long d : dims) {
            if (d != 0 && bytes > 4096 / d) {
                return 0;
            }
            bytes *= d;
        }
        return (int) bytes;
    }

    // ---- valid inputs ----

    /** Arrays of every {@link NdArray.Type}, 0 to 4 dimensions of 0 to {@code maxDim}, with random contents. */
    static Arbitrary<NdArray> arrays(int maxDim) {
        Arbitrary<NdArray.Type> types = Arbitraries.of(NdArray.Type.values());
        Arbitrary<List<Integer>> shapes = Arbitraries.integers().between(0, maxDim).list().ofMaxSize(4);
        return Combinators.combine(types, shapes, Arbitraries.longs()).as(FormatFuzz::randomArray);
    }

    /** Every third float a random bit pattern (NaN payloads, infinities, subnormals), the others Gaussian. */
    static NdArray randomArray(NdArray.Type type, List<Integer> dims, long seed) {
        int[] shape = dims.stream().mapToInt(Integer::intValue).toArray();
        int n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        Random r = new Random(seed);
        switch (type) {
            case F32: {
                float[] d = new float[n];
                for (int i = 0; i < n; i++) {
                    d[i] = i % 3 == 0 ? Float.intBitsToFloat(r.nextInt()) : (float) r.nextGaussian();
                }
                return NdArray.ofFloats(d, shape);
            }
            case F64: {
                double[] d = new double[n];
                for (int i = 0; i < n; i++) {
                    d[i] = i % 3 == 0 ? Double.longBitsToDouble(r.nextLong()) : r.nextGaussian();
                }
                return NdArray.ofDoubles(d, shape);
            }
            case I64: {
                long[] d = new long[n];
                for (int i = 0; i < n; i++) {
                    d[i] = r.nextLong();
                }
                return NdArray.ofLongs(d, shape);
            }
            default: {
                byte[] d = new byte[n];
                r.nextBytes(d);
                return NdArray.ofBytes(d, shape);
            }
        }
    }
}
