package org.segrad.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.segrad.losses.LossExpressions;
import org.segrad.losses.Losses;
import org.segrad.losses.SegLoss;
import org.segrad.losses.TermRegistry;
import picocli.CommandLine;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * The CLI's side of loss names and loss expressions: lists ({@code --losses A,B,…}, split at the commas outside
 * parentheses), validation (each item built once by {@link Losses#create}, so a malformed expression fails with the
 * library's message and caret before anything runs), and the help footer listing every loss and
 * term from {@link TermRegistry#help()}.
 */
final class LossArgs {
    private LossArgs() {}

    /** The subcommands whose help lists the losses and terms. */
    private static final List<String> WITH_LOSS_HELP = List.of("train", "compare", "loss", "gradplot", "gradcheck", "gradmap");

    /** Adds the registry's loss and term list as the footer of every subcommand that takes a loss. */
    static void addHelp(CommandLine root) {
        String nl = System.lineSeparator();
        String footer = nl + TermRegistry.help()
                + nl + "Example: --loss \"dice * ce ^ detach((1 - pbar) ^ dicecoef)\" (grammar: docs/losses.md, Loss lab)" + nl;
        for (String name : WITH_LOSS_HELP) {
            CommandLine sub = root.getSubcommands().get(name);
            // A raw section: picocli would re-wrap the registry's aligned columns at 80 characters.
            if (sub != null) sub.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_FOOTER, help -> footer);
        }
    }

    /** Splits {@code --losses} at top-level commas and builds each item once (with {@code options}) to validate it. */
    static List<String> parseList(String option, String list, Map<String, String> options) {
        List<String> items;
        try {
            items = LossExpressions.splitList(list);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage());
        }
        for (String item : items) Losses.create(item, options);
        return items;
    }

    /** The losses of a validated list, in order, each built with {@code options}. */
    static List<SegLoss> create(List<String> items, Map<String, String> options) {
        List<SegLoss> out = new ArrayList<>();
        for (String item : items) out.add(Losses.create(item, options));
        return out;
    }

    private static final Pattern CAML = Pattern.compile("\\bcaml\\b");

    /**
     * Whether the loss has a stop-gradient: a {@code detach(...)} in the expression, or CAML (named or as a term)
     * with its default {@code detach=true}. Its autodiff gradient is then, by design, that of a surrogate, and central
     * differences of the value disagree with it.
     */
    static boolean hasStopGradient(String nameOrExpression, Map<String, String> options) {
        String s = nameOrExpression.replaceAll("\\s", "");
        if (s.contains("detach(")) return true;
        return CAML.matcher(s).find() && !s.contains("detach=false") && !"false".equals(options.get("detach"));
    }
}
