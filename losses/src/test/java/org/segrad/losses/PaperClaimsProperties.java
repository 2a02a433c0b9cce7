package org.segrad.losses;

import java.util.Map;
import net.jqwik.api.AfterFailureMode;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The claims the paper's abstract (Yokoi &amp; Hotta 2025) makes about ML's gradients (C1, C2) and CAML's being
 * hyperparameter-free (C4), as jqwik properties over random two-class batches ({@link ClaimBatch}) against CE and
 * CE+Dice at every λ of the tuning grid 0.5, 1, 2 ({@link ClaimChecks}). Each property carries the verdict
 * docs/claims.md records ({@link Claim}); a claim that fails is a finding, and the suite stays green while the verdict
 * and the shrunk counterexample stay as documented (fixed seed). C3 is {@link PaperClaimsCamlProperties}. Run alone:
 * {@code mvn -pl losses -am -Dtest='PaperClaims*' -Dsurefire.failIfNoSpecifiedTests=false verify}.
 * <ul>
 * <li>C1 "ML reduces the penalty for confident correct predictions": every pixel with p_t ≥ 0.9 gets a smaller
 *     |∂L/∂z_t| under ML than under the baseline — in any batch, and in batches confident and correct throughout.</li>
 * <li>C2 "ML amplifies gradients for incorrect, overconfident ones": every pixel with p_t ≤ 0.1 (the other class at
 *     ≥ 0.9) gets a larger |∂L/∂z_t| under ML — in any batch, and in batches wrong throughout.</li>
 * <li>C4 "CAML is hyperparameter-free": its gradient is CE+Dice's for a weight λ ≥ 0 that the batch itself sets,
 *     ∂L = c (∂L_Dice + λ ∂L_CE) with c &gt; 0: a CE+Dice whose λ needs no tuning.</li>
 * </ul>
 */
class PaperClaimsProperties {
    static final String SEED = "20261130";

    /** Any batch: a mix of confident-correct, confident-wrong and any pixels. */
    @Provide
    Arbitrary<ClaimBatch> anyBatch() {
        return ClaimBatch.arbitrary();
    }

    @Provide
    Arbitrary<ClaimBatch> confidentCorrectBatch() {
        return ClaimBatch.within(0.9, 0.99);
    }

    @Provide
    Arbitrary<ClaimBatch> confidentWrongBatch() {
        return ClaimBatch.within(0.01, 0.1);
    }

    @Provide
    Arbitrary<ClaimBatch> lowConfidenceBatch() {
        return ClaimBatch.within(0.01, 0.5);
    }

    @Property(seed = SEED, tries = 500, afterFailure = AfterFailureMode.RANDOM_SEED)
    @Claim(id = "C1", subject = "ml vs ce, any batch", holds = false)
    void c1MlAnyVsCe(@ForAll("anyBatch") ClaimBatch b) {
        ClaimChecks.compare(b, "ml", Losses.create("ml", Map.of()), "ce", q -> q >= 0.9, true);
    }

    @Property(seed = SEED, tries = 500, afterFailure = AfterFailureMode.RANDOM_SEED)
    @Claim(id = "C1", subject = "ml vs ce+dice, any batch", holds = false)
    void c1MlAnyVsCeDice(@ForAll("anyBatch") ClaimBatch b) {
        ClaimChecks.compare(b, "ml", Losses.create("ml", Map.of()), "ce+dice", q -> q >= 0.9, true);
    }

    @Property(seed = SEED, tries = 500, afterFailure = AfterFailureMode.RANDOM_SEED)
    @Claim(id = "C1", subject = "ml vs ce, whole batch", holds = true)
    void c1MlWholeVsCe(@ForAll("confidentCorrectBatch") ClaimBatch b) {
        ClaimChecks.compare(b, "ml", Losses.create("ml", Map.of()), "ce", q -> q >= 0.9, true);
    }

    @Property(seed = SEED, tries = 500, afterFailure = AfterFailureMode.RANDOM_SEED)
    @Claim(id = "C1", subject = "ml vs ce+dice, whole batch", holds = true)
    void c1MlWholeVsCeDice(@ForAll("confidentCorrectBatch") ClaimBatch b) {
        ClaimChecks.compare(b, "ml", Losses.create("ml", Map.of()), "ce+dice", q -> q >= 0.9, true);
    }

    @Property(seed = SEED, tries = 500, afterFailure = AfterFailureMode.RANDOM_SEED)
    @Claim(id = "C2", subject = "ml vs ce, any batch", holds = false)
    void c2MlAnyVsCe(@ForAll("anyBatch") ClaimBatch b) {
        ClaimChecks.compare(b, "ml", Losses.create("ml", Map.of()), "ce", q -> q <= 0.1, false);
    }

    @Property(seed = SEED, tries = 500, afterFailure = AfterFailureMode.RANDOM_SEED)
    @Claim(id = "C2", subject = "ml vs ce+dice, any batch", holds = false)
    void c2MlAnyVsCeDice(@ForAll("anyBatch") ClaimBatch b) {
        ClaimChecks.compare(b, "ml", Losses.create("ml", Map.of()), "ce+dice", q -> q <= 0.1, false);
    }

    @Property(seed = SEED, tries = 500, afterFailure = AfterFailureMode.RANDOM_SEED)
    @Claim(id = "C2", subject = "ml vs ce, whole batch", holds = false)
    void c2MlWholeVsCe(@ForAll("confidentWrongBatch") ClaimBatch b) {
        ClaimChecks.compare(b, "ml", Losses.create("ml", Map.of()), "ce", q -> q <= 0.1, false);
    }

    @Property(seed = SEED, tries = 500, afterFailure = AfterFailureMode.RANDOM_SEED)
    @Claim(id = "C2", subject = "ml vs ce+dice, whole batch", holds = false)
    void c2MlWholeVsCeDice(@ForAll("confidentWrongBatch") ClaimBatch b) {
        ClaimChecks.compare(b, "ml", Losses.create("ml", Map.of()), "ce+dice", q -> q <= 0.1, false);
    }

    @Property(seed = SEED, tries = 500, afterFailure = AfterFailureMode.RANDOM_SEED)
    @Claim(id = "C4", subject = "caml(confidence=true-class, granularity=batch, detach=true)", holds = true)
    void c4CamlTrueBatchDetached(@ForAll("anyBatch") ClaimBatch b) {
        ClaimChecks.reweightedCeDice(b, ClaimChecks.camlOptions("true-class", "batch", "true"));
    }

    @Property(seed = SEED, tries = 500, afterFailure = AfterFailureMode.RANDOM_SEED)
    @Claim(id = "C4", subject = "caml(confidence=true-class, granularity=batch, detach=false)", holds = false)
    void c4CamlTrueBatchLive(@ForAll("anyBatch") ClaimBatch b) {
        ClaimChecks.reweightedCeDice(b, ClaimChecks.camlOptions("true-class", "batch", "false"));
    }

    @Property(seed = SEED, tries = 500, afterFailure = AfterFailureMode.RANDOM_SEED)
    @Claim(id = "C4", subject = "caml(confidence=true-class, granularity=pixel, detach=true)", holds = false)
    void c4CamlTruePixelDetached(@ForAll("anyBatch") ClaimBatch b) {
        ClaimChecks.reweightedCeDice(b, ClaimChecks.camlOptions("true-class", "pixel", "true"));
    }

    @Property(seed = SEED, tries = 500, afterFailure = AfterFailureMode.RANDOM_SEED)
    @Claim(id = "C4", subject = "caml(confidence=true-class, granularity=pixel, detach=false)", holds = false)
    void c4CamlTruePixelLive(@ForAll("anyBatch") ClaimBatch b) {
        ClaimChecks.reweightedCeDice(b, ClaimChecks.camlOptions("true-class", "pixel", "false"));
    }

    @Property(seed = SEED, tries = 500, afterFailure = AfterFailureMode.RANDOM_SEED)
    @Claim(id = "C4", subject = "caml(confidence=max, granularity=batch, detach=true)", holds = true)
    void c4CamlMaxBatchDetached(@ForAll("anyBatch") ClaimBatch b) {
        ClaimChecks.reweightedCeDice(b, ClaimChecks.camlOptions("max", "batch", "true"));
    }

    @Property(seed = SEED, tries = 500, afterFailure = AfterFailureMode.RANDOM_SEED)
    @Claim(id = "C4", subject = "caml(confidence=max, granularity=batch, detach=false)", holds = false)
    void c4CamlMaxBatchLive(@ForAll("anyBatch") ClaimBatch b) {
        ClaimChecks.reweightedCeDice(b, ClaimChecks.camlOptions("max", "batch", "false"));
    }

    @Property(seed = SEED, tries = 500, afterFailure = AfterFailureMode.RANDOM_SEED)
    @Claim(id = "C4", subject = "caml(confidence=max, granularity=pixel, detach=true)", holds = false)
    void c4CamlMaxPixelDetached(@ForAll("anyBatch") ClaimBatch b) {
        ClaimChecks.reweightedCeDice(b, ClaimChecks.camlOptions("max", "pixel", "true"));
    }

    @Property(seed = SEED, tries = 500, afterFailure = AfterFailureMode.RANDOM_SEED)
    @Claim(id = "C4", subject = "caml(confidence=max, granularity=pixel, detach=false)", holds = false)
    void c4CamlMaxPixelLive(@ForAll("anyBatch") ClaimBatch b) {
        ClaimChecks.reweightedCeDice(b, ClaimChecks.camlOptions("max", "pixel", "false"));
    }
}
