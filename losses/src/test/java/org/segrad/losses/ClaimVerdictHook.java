package org.segrad.losses;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Runs a {@link Claim} property and compares its outcome with the verdict documented in docs/claims.md: the row
 * "| id | subject | holds | – |" or "| id | subject | fails | shrunk counterexample: what broke |" must be in the file.
 * Every row of a run is also written to target/claims-verdicts.md, to paste into the docs when a verdict deliberately
 * changes.
 */
public class ClaimVerdictHook implements AroundPropertyHook {
    static final Path DOC = Path.of("..", "docs", "claims.md");
    static final Path OUT = Path.of("target", "claims-verdicts.md");
    private static boolean started;

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) throws IOException {
        Claim claim = context.findAnnotation(Claim.class).orElseThrow();
        PropertyExecutionResult r = property.execute();
        boolean failed = r.status() == PropertyExecutionResult.Status.FAILED;
        if (r.status() == PropertyExecutionResult.Status.ABORTED) return r;
        String row = "| " + claim.id() + " | " + claim.subject() + " | " + (failed ? "fails | " + counterexample(r) : "holds | –") + " |";
        record(row);
        if (failed == claim.holds()) {
            return r.mapToFailed("the verdict changed: docs/claims.md says " + claim.id() + " " + claim.subject() + " "
                    + (claim.holds() ? "holds" : "fails") + ", this run found: " + row);
        }
        String doc = Files.exists(DOC) ? Files.readString(DOC, StandardCharsets.UTF_8) : "";
        if (!doc.contains(row)) return r.mapToFailed("docs/claims.md lacks this run's row (see " + OUT + "): " + row);
        return r.mapToSuccessful();
    }

    /** Appends the row to {@link #OUT}, which the first row of a test run starts afresh. */
    private static synchronized void record(String row) throws IOException {
        Files.createDirectories(OUT.getParent());
        if (!started) Files.deleteIfExists(OUT);
        started = true;
        Files.writeString(OUT, row + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** The shrunk sample and the assertion message, on one line. */
    private static String counterexample(PropertyExecutionResult r) {
        List<Object> params = r.shrunkSample().map(s -> s.parameters()).or(() -> r.falsifiedParameters()).orElse(List.of());
        String what = r.throwable().map(Throwable::getMessage).orElse("").replace('\n', ' ').replace("|", "\\|");
        return (params.size() == 1 ? params.get(0) : params).toString() + ": " + what;
    }
}
