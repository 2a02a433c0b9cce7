package org.segrad.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.segrad.nn.UNet;
import org.segrad.data.Dataset;
import org.segrad.train.Inference;
import org.segrad.train.ModelCard;
import org.segrad.train.Segmenter;
import org.segrad.train.VolumeEvaluation;
import org.segrad.train.Validation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import org.segrad.data.Normalization;

/** {@code segrad eval}: per-class IoU, mIoU, Dice and HD95 of a checkpoint on a dataset split, as JSON on stdout. */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Evaluate a checkpoint: per-class IoU, mIoU, Dice, HD95 as JSON on stdout.",
                "On NIfTI volumes also per volume (whole volumes, 3-D): Dice, IoU, HD95 and mean surface distance in mm."})
final class EvalCommand implements Callable<Integer> {
    @Mixin
    DataOptions data = new DataOptions();

    @Mixin
    ModelOptions model = new ModelOptions();

    @Mixin
    DeviceOption device = new DeviceOption();

    @Option(names = "--checkpoint", required = true, paramLabel = "FILE.safetensors", description = "Weights to evaluate.")
    Path checkpoint;

    @Mixin
    TileOptions tiles = new TileOptions();

    @Option(names = "--split", description = "train, val, test or all (default: ${DEFAULT-VALUE}).")
    String split = "test";

    @Override
    public Integer call() throws Exception {
        model.applyThreads();
        ModelCard card = ModelOptions.card("--checkpoint", checkpoint).orElse(null);
        DataOptions.Loaded d = data.load(card, Normalization.none());
        Dataset ds = switch (split) {
            case "train" -> d.split().train();
            case "val" -> d.split().val();
            case "test" -> d.split().test();
            case "all" -> concat(d);
            default -> throw new IllegalArgumentException("--split must be train, val, test or all, got '" + split + "'");
        };
        if (ds.size() == 0) throw new IllegalArgumentException("--split " + split + " is empty for " + d.description());
        UNet net = model.load(checkpoint, card, d.classes(), d.inChannels());
        if (net.inChannels() != d.inChannels()) {
            throw new IllegalArgumentException("the model takes " + net.inChannels() + " channels " + card.channels() + " but --data "
                    + d.info().source() + " has " + d.inChannels() + " " + d.channels()
                    + (d.inChannels() == 3 && net.inChannels() == 1 ? " (use --rgb-to-gray)" : ""));
        }
        net.to(device.resolve());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("checkpoint", checkpoint.toString());
        out.put("data", d.description());
        out.put("split", split);
        Inference inference = tiles.inference(net);
        out.putAll(Validation.report(new Segmenter(inference).predictAll(ds), ds));
        out.put("hd95_unit", "pixels");
        java.util.List<java.nio.file.Path[]> volumes = data.volumePairs(split);
        if (!volumes.isEmpty()) {
            out.put("volume_metrics", VolumeEvaluation.report(inference, volumes, d.axis(), org.segrad.data.LabelRemap.parse(d.labelMap()), d.classes(), d.normalization()));
        }
        System.out.println(Json.write(out));
        return 0;
    }

    private static Dataset concat(DataOptions.Loaded d) {
        java.util.List<org.segrad.data.Sample> all = new java.util.ArrayList<>();
        all.addAll(d.split().train().samples());
        all.addAll(d.split().val().samples());
        all.addAll(d.split().test().samples());
        return new org.segrad.data.InMemoryDataset("all", d.classes(), all);
    }
}
