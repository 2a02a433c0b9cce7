package org.segrad.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.segrad.data.Normalization;
import org.segrad.io.JsonReader;
import org.segrad.io.JsonWriter;
import org.segrad.io.Safetensors;
import org.segrad.nn.UNet;

/**
 * What a model file is (SPEC §8): one versioned JSON document stored in the safetensors {@code __metadata__} under
 * the key {@value #KEY} of every model, best and checkpoint file segrad writes, so that predict, eval, {@code --init}
 * and {@code --resume} need no flag retyped. Files without it (e.g. saved by PyTorch) still load with explicit flags.
 *
 * <p>The document (version {@value #VERSION}; a reader refuses a newer version, and ignores unknown keys):
 * <pre>{"version":1,
 *  "architecture":{"kind":"unet","in_channels":1,"classes":2,"base":16,"depth":4},
 *  "channels":["gray"], "class_names":["0","1"], "label_map":"identity",
 *  "preprocessing":{"normalize":"percentile:0.5,99.5","mean":[],"std":[]},
 *  "slicing_axis":2,
 *  "loss":{"name":"caml","options":{}},
 *  "data":{"source":"cells","description":"…","val_fraction":0.2,"test_fraction":0.2,"train_fraction":1.0,"split_seed":1},
 *  "seed":1, "segrad_version":"0.1.0-SNAPSHOT", "commit":"…40 hex…" or null}</pre>
 *
 * @param architecture  the network
 * @param channels      the input channel names, one per input channel
 * @param classNames    one name per class (the class ids as text unless the data names them)
 * @param labelMap      the {@code --label-map} applied to the masks ("identity" when none)
 * @param normalization the intensity normalisation, with its fitted statistics
 * @param axis          the slicing axis of volumes (2-D data records the default 2)
 * @param loss          the loss name or expression
 * @param lossOptions   its options
 * @param data          where the training data came from and how it was split
 * @param seed          the training seed
 * @param segradVersion the segrad version that wrote the file
 * @param commit        the git commit of that segrad, or null
 */
public record ModelCard(Architecture architecture, List<String> channels, List<String> classNames, String labelMap,
                        Normalization normalization, int axis, String loss, Map<String, String> lossOptions,
                        DataInfo data, long seed, String segradVersion, String commit) {
    /** The metadata key. */
    public static final String KEY = "segrad";
    /** The document version this class writes and the newest it reads. */
    public static final int VERSION = 1;

    /** The network: {@code kind} "unet" (the only kind today) and its sizes. */
    public record Architecture(String kind, int inChannels, int classes, int base, int depth) {
        /** Checks the sizes (a model file is untrusted). */
        public Architecture {
            if (!"unet".equals(kind)) throw new IllegalArgumentException("architecture kind '" + kind + "' is not supported (expected unet)");
            if (inChannels < 1 || inChannels > 64) throw new IllegalArgumentException("in_channels = " + inChannels + " but must be in 1..64");
            if (classes < 2 || classes > 256) throw new IllegalArgumentException("classes = " + classes + " but must be in 2..256");
            if (base < 1 || base > 1024) throw new IllegalArgumentException("base = " + base + " but must be in 1..1024");
            if (depth < 1 || depth > 8) throw new IllegalArgumentException("depth = " + depth + " but must be in 1..8");
        }

        /** A fresh U-Net of this shape, initialised from {@code seed}. */
        public UNet build(long seed) {
            return new UNet(inChannels, classes, base, depth, seed);
        }
    }

    /** Where the training data came from ({@code --data}), its description and the split. */
    public record DataInfo(String source, String description, double valFraction, double testFraction,
                           double trainFraction, long splitSeed, int images, int size) {
        /** Data other than the built-in generator's: no image count or size to record. */
        public DataInfo(String source, String description, double valFraction, double testFraction, double trainFraction,
                        long splitSeed) {
            this(source, description, valFraction, testFraction, trainFraction, splitSeed, 0, 0);
        }
    }

    /** Copies the collections. */
    public ModelCard {
        channels = List.copyOf(channels);
        classNames = List.copyOf(classNames);
        lossOptions = new TreeMap<>(lossOptions);
        if (channels.size() != architecture.inChannels()) {
            throw new IllegalArgumentException(channels.size() + " channel names but in_channels = " + architecture.inChannels());
        }
        if (classNames.size() != architecture.classes()) {
            throw new IllegalArgumentException(classNames.size() + " class names but classes = " + architecture.classes());
        }
    }

    /** Class names "0", "1", …, "K−1". */
    public static List<String> classIds(int classes) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < classes; i++) out.add(Integer.toString(i));
        return out;
    }

    /** The one-line JSON document. */
    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", VERSION);
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("kind", architecture.kind());
        a.put("in_channels", architecture.inChannels());
        a.put("classes", architecture.classes());
        a.put("base", architecture.base());
        a.put("depth", architecture.depth());
        m.put("architecture", a);
        m.put("channels", channels);
        m.put("class_names", classNames);
        m.put("label_map", labelMap);
        Map<String, Object> pre = new LinkedHashMap<>();
        pre.put("normalize", normalization.spec());
        pre.put("mean", normalization.mean());
        pre.put("std", normalization.std());
        m.put("preprocessing", pre);
        m.put("slicing_axis", axis);
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("name", loss);
        l.put("options", lossOptions);
        m.put("loss", l);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("source", data.source());
        d.put("description", data.description());
        d.put("val_fraction", data.valFraction());
        d.put("test_fraction", data.testFraction());
        d.put("train_fraction", data.trainFraction());
        d.put("split_seed", data.splitSeed());
        if (data.images() > 0) {   // the built-in generator's --images and --size (cards before session 4 lack them)
            d.put("images", data.images());
            d.put("size", data.size());
        }
        m.put("data", d);
        m.put("seed", seed);
        m.put("segrad_version", segradVersion);
        m.put("commit", commit);
        return JsonWriter.write(m);
    }

    /** {@code {"segrad": toJson()}}, to merge into a safetensors file's metadata. */
    public Map<String, String> metadata() {
        return Map.of(KEY, toJson());
    }

    /**
     * Parses a document {@link #toJson} wrote.
     *
     * @throws IllegalArgumentException naming the field that is missing or wrong, or a newer version
     */
    public static ModelCard parse(String json) {
        Object root = JsonReader.parseDocument(json);
        Map<String, Object> m = object(root, "document");
        long version = integer(m, "version");
        if (version < 1 || version > VERSION) {
            throw new IllegalArgumentException("model card version " + version + " is not supported (this segrad reads 1.."
                    + VERSION + "; upgrade segrad)");
        }
        Map<String, Object> a = object(m.get("architecture"), "architecture");
        Architecture arch = new Architecture(string(a, "kind"), (int) integer(a, "in_channels"), (int) integer(a, "classes"),
                (int) integer(a, "base"), (int) integer(a, "depth"));
        Map<String, Object> pre = object(m.get("preprocessing"), "preprocessing");
        Normalization base = Normalization.parse(string(pre, "normalize"));
        Normalization norm = new Normalization(base.mode(), base.lo(), base.hi(), doubles(pre, "mean"), doubles(pre, "std"));
        Map<String, Object> l = object(m.get("loss"), "loss");
        Map<String, String> options = new TreeMap<>();
        object(l.get("options"), "loss.options").forEach((k, v) -> options.put(k, String.valueOf(v)));
        Map<String, Object> d = object(m.get("data"), "data");
        DataInfo data = new DataInfo(string(d, "source"), string(d, "description"), number(d, "val_fraction"),
                number(d, "test_fraction"), number(d, "train_fraction"), integer(d, "split_seed"),
                d.containsKey("images") ? (int) integer(d, "images") : 0, d.containsKey("size") ? (int) integer(d, "size") : 0);
        Object commit = m.get("commit");
        return new ModelCard(arch, strings(m, "channels"), strings(m, "class_names"), string(m, "label_map"), norm,
                (int) integer(m, "slicing_axis"), string(l, "name"), options, data, integer(m, "seed"),
                string(m, "segrad_version"), commit == null ? null : String.valueOf(commit));
    }

    /** The card in a safetensors file's metadata, if any. */
    public static Optional<ModelCard> from(Map<String, String> metadata, String source) {
        String json = metadata == null ? null : metadata.get(KEY);
        if (json == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(parse(json));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": its segrad metadata is invalid: " + e.getMessage(), e);
        }
    }

    /** The card of a safetensors file, if it has one. */
    public static Optional<ModelCard> read(Path file) throws IOException {
        return from(Safetensors.read(file).metadata(), file.toString());
    }

    /**
     * What makes a run with card {@code now} another run than this one, for {@code --resume}: architecture, input
     * channels, classes, label map, normalisation mode, slicing axis, loss and its options, data source and split.
     * Each entry reads "loss: caml (checkpoint) vs ce (now)"; empty when the runs agree.
     */
    public List<String> resumeDifferences(ModelCard now) {
        List<String> out = new ArrayList<>();
        diff(out, "architecture", describe(architecture), describe(now.architecture));
        diff(out, "channels", channels, now.channels);
        diff(out, "label map", labelMap, now.labelMap);
        diff(out, "normalize", normalization.spec(), now.normalization.spec());
        diff(out, "slicing axis", axis, now.axis);
        diff(out, "loss", loss, now.loss);
        diff(out, "loss options", lossOptions, now.lossOptions);
        diff(out, "data", data.source(), now.data.source());
        if (data.images() > 0 && now.data.images() > 0) {
            diff(out, "built-in images", data.images() + " of " + data.size() + "x" + data.size(),
                    now.data.images() + " of " + now.data.size() + "x" + now.data.size());
        }
        diff(out, "split", split(data), split(now.data));
        return out;
    }

    /** "unet in 1, classes 2, base 16, depth 4". */
    public static String describe(Architecture a) {
        return a.kind() + " in_channels " + a.inChannels() + ", classes " + a.classes() + ", base " + a.base() + ", depth " + a.depth();
    }

    private static String split(DataInfo d) {
        return "val " + d.valFraction() + ", test " + d.testFraction() + ", train fraction " + d.trainFraction() + ", split seed "
                + d.splitSeed();
    }

    private static void diff(List<String> out, String what, Object was, Object now) {
        if (!java.util.Objects.equals(was, now)) out.add(what + ": " + was + " (checkpoint) vs " + now + " (now)");
    }

    // -------------------------------------------------------------------------------------------- typed field access

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object v, String field) {
        if (!(v instanceof Map)) throw new IllegalArgumentException("field " + field + " must be an object");
        return (Map<String, Object>) v;
    }

    private static String string(Map<String, Object> m, String field) {
        Object v = m.get(field);
        if (!(v instanceof String s)) throw new IllegalArgumentException("field " + field + " must be a string");
        return s;
    }

    private static long integer(Map<String, Object> m, String field) {
        Object v = m.get(field);
        if (!(v instanceof Long l)) throw new IllegalArgumentException("field " + field + " must be an integer");
        return l;
    }

    private static double number(Map<String, Object> m, String field) {
        Object v = m.get(field);
        if (!(v instanceof Number n)) throw new IllegalArgumentException("field " + field + " must be a number");
        return n.doubleValue();
    }

    private static List<String> strings(Map<String, Object> m, String field) {
        if (!(m.get(field) instanceof List<?> l)) throw new IllegalArgumentException("field " + field + " must be a list");
        List<String> out = new ArrayList<>();
        for (Object o : l) {
            if (!(o instanceof String s)) throw new IllegalArgumentException("field " + field + " must hold strings");
            out.add(s);
        }
        return out;
    }

    private static double[] doubles(Map<String, Object> m, String field) {
        if (!(m.get(field) instanceof List<?> l)) throw new IllegalArgumentException("field " + field + " must be a list");
        double[] out = new double[l.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(l.get(i) instanceof Number n)) throw new IllegalArgumentException("field " + field + " must hold numbers");
            out[i] = n.doubleValue();
        }
        return out;
    }
}
