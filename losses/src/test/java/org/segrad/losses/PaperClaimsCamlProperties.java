package org.segrad.losses;

import net.jqwik.api.AfterFailureMode;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * C3, "CAML strengthens gradients when confidence is low" (Yokoi &amp; Hotta 2025, abstract), for every CAML reading
 * (confidence × granularity × detach): every pixel with p_t ≤ 0.5 gets a larger |∂L/∂z_t| under CAML than under the
 * baseline (CE; CE+Dice at every λ of the grid 0.5, 1, 2; ML, whose product CAML adapts) — in any batch, and in
 * batches whose every pixel has p_t ≤ 0.5. Verdicts as in docs/claims.md ({@link Claim}); see
 * {@link PaperClaimsProperties}.
 */
class PaperClaimsCamlProperties {
    static final String SEED = "20261130";

    /** Any batch: a mix of confident-correct, confident-wrong and any pixels. */
    @Provide
    Arbitrary<ClaimBatch> anyBatch() {
        return ClaimBatch.arbitrary();
    }

    @Provide
    Arbitrary<ClaimBatch> lowConfidenceBatch() {
        return ClaimBatch.within(0.01, 0.5);
    }

    @Property(seed = SEED, tries = 500, afterFailure = AfterFailureMode.RANDOM_SEED)
    @Claim(id = "C3", subject = "caml(confidence=true-class, granularity=batch, detach=true) vs ce, any batch", holds = false)
    void c3TrueBatchDetachedAnyVsCe(@ForAll("anyBatch") ClaimBatch b) {
        ClaimChecks.compare(b, "caml", ClaimChecks.caml("true-class", "batch", "true"), "ce", q -> q <= 0.5, false);
    }

    @Property(seed = SEED, tries = 500, afterFailure = AfterFailureMode.RANDOM_SEED)
    @Claim(id = "C3", subject = "caml(confidence=true-class, granularity=batch, detach=true) vs ce+dice, any batch", holds = false)
    void c3TrueBatchDetachedAnyVsCeDice(@ForAll("anyBatch") ClaimBatch b) {
        ClaimChecks.compare(b, "caml", ClaimChecks.caml("true-class", "batch", "true"), "ce+dice", q -> q <= 0.5, false);
    }

    @Property(seed = SEED, tries = 500, afterFailure = AfterFailureMode.RANDOM_SEED)
    @Claim(id = "C3", subject = "caml(confidence=true-class, granularity=batch, detach=true) vs ml, any batch", holds = false)
    void c3TrueBatchDetachedAnyVsMl(@ForAll("anyBatch") ClaimBatch b) {
        ClaimChecks.compare(b, "caml", ClaimChecks.caml("true-class", "batch", "true"), "ml", q -> q <= 0.5, false);
    }

    @Property(seed = SEED, tries = 500, afterFailure = AfterFailureMode.RANDOM_SEED)
    @Claim(id = "C3", subject = "caml(confidence=true-class, granularity=batch, detach=true) vs ce, whole batch", holds = false)
    void c3TrueBatchDetachedWholeVsCe(@ForAll("lowConfidenceBatch") ClaimBatch b) {
        ClaimChecks.compare(b, "caml", ClaimChecks.caml("true-class", "batch", "true"), "ce", q -> q <= 0.5, false);
    }

    @Property(seed = SEED, tries = 500, afterFailure = AfterFailureMode.RANDOM_SEED)
    @Claim(id = "C3", subject = "caml(confidence=true-class, granularity=batch, detach=true) vs ce+dice, whole batch", holds = false)
    void c3TrueBatchDetachedWholeVsCeDice(@ForAll("lowConfidenceBatch") ClaimBatch b) {
        ClaimChecks.compare(b, "caml", ClaimChecks.caml("true-class", "batch", "true"), "ce+dice", q -> q <= 0.5, false);
    }

    @Property(seed = SEED, tries = 500, afterFailure = AfterFailureMode.RANDOM_SEED)
    @Claim(id = "C3", subject = "caml(confidence=true-class, granularity=batch, detach=true) vs ml, whole batch", holds = false)
    void c3TrueBatchDetachedWholeVsMl(@ForAll("lowConfidenceBatch") ClaimBatch b) {
        ClaimChecks.compare(b, "caml", ClaimChecks.caml("true-class", "batch", "true"), "ml", q -> q <= 0.5, false);
    }

    @Property(seed = SEED, tries = 500, afterFailure = AfterFailureMode.RANDOM_SEED)
    @Claim(id = "C3", subject = "caml(confidence=true-class, granularity=batch, detach=false) vs ce, any batch", holds = false)
    void c3TrueBatchLiveAnyVsCe(@ForAll("anyBatch") ClaimBatch b) {
        ClaimChecks.compare(b, "caml", ClaimChecks.caml("true-class", "batch", "false"), "ce", q -> q <= 0.5, false);
    }

    @Property(seed = SEED, tries = 500, afterFailure = AfterFailureMode.RANDOM_SEED)
    @Claim(id = "C3", subject = "caml(confidence=true-class, granularity=batch, detach=false) vs ce+dice, any batch", holds = false)
    void c3TrueBatchLiveAnyVsCeDice(@ForAll("anyBatch") ClaimBatch b) {
        ClaimChecks.compare(b, "caml", ClaimChecks.caml("true-class", "batch", "false"), "ce+dice", q -> q <= 0.5, false);
    }

    @Property(seed = SEED, tries = 500, afterFailure = AfterFailureMode.RANDOM_SEED)
    @Claim(id = "C3", subject = "caml(confidence=true-class, granularity=batch, detach=false) vs ml, any batch", holds = false)
    void c3TrueBatchLiveAnyVsMl(@ForAll("anyBatch") ClaimBatch b) {
        ClaimChecks.compare(b, "caml", ClaimChecks.caml("true-class", "batch", "false"), "ml", q -> q <= 0.5, false);
    }

    @Property(seed = SEED, tries = 500, afterFailure = AfterFailureMode.RANDOM_SEED)
    @Claim(id = "C3", subject = "caml(confidence=true-class, granularity=batch, detach=false) vs ce, whole batch", holds = false)
    void c3TrueBatchLiveWholeVsCe(@ForAll("lowConfidenceBatch") ClaimBatch b) {
        ClaimChecks.compare(b, "caml", ClaimChecks.caml("true-class", "batch", "false"), "ce", q -> q <= 0.5, false);
    }

    @Property(seed = SEED, tries = 500, afterFailure = AfterFailureMode.RANDOM_SEED)
    @Claim(id = "C3", subject = "caml(confidence=true-class, granularity=batch, detach=false) vs ce+dice, whole batch", holds = false)
    void c3TrueBatchLiveWholeVsCeDice(@ForAll("lowConfidenceBatch") ClaimBatch b) {
        ClaimChecks.compare(b, "caml", ClaimChecks.caml("true-class", "batch", "false"), "ce+dice", q -> q <= 0.5, false);
    }

    @Property(seed = SEED, tries = 500, afterFailure = AfterFailureMode.RANDOM_SEED)
    @Claim(id = "C3", subject = "caml(confidence=true-class, granularity=batch, detach=false) vs ml, whole batch", holds = false)
    void c3TrueBatchLiveWholeVsMl(@ForAll("lowConfidenceBatch") ClaimBatch b) {
        ClaimChecks.compare(b, "caml", ClaimChecks.caml("true-class", "batch", "false"), "ml", q -> q <= 0.5, false);
    }

    @Property(seed = SEED, tries = 500, afterFailure = AfterFailureMode.RANDOM_SEED)
    @Claim(id = "C3", subject = "caml(confidence=true-class, granularity=pixel, detach=true) vs ce, any batch", holds = false)
    void c3TruePixelDetachedAnyVsCe(@ForAll("anyBatch") ClaimBatch b) {
        ClaimChecks.compare(b, "caml", ClaimChecks.caml("true-class", "pixel", "true"), "ce", q -> q <= 0.5, false);
    }

    @Property(seed = SEED, tries = 500, afterFailure = AfterFailureMode.RANDOM_SEED)
    @Claim(id = "C3", subject = "caml(confidence=true-class, granularity=pixel, detach=true) vs ce+dice, any batch", holds = false)
    void c3TruePixelDetachedAnyVsCeDice(@ForAll("anyBatch") ClaimBatch b) {
        ClaimChecks.compare(b, "caml", ClaimChecks.caml("true-class", "pixel", "true"), "ce+dice", q -> q <= 0.5, false);
    }

    @Property(seed = SEED, tries = 500, afterFailure = AfterFailureMode.RANDOM_SEED)
    @Claim(id = "C3", subject = "caml(confidence=true-class, granularity=pixel, detach=true) vs ml, any batch", holds = false)
    void c3TruePixelDetachedAnyVsMl(@ForAll("anyBatch") ClaimBatch b) {
        ClaimChecks.compare(b, "caml", ClaimChecks.caml("true-class", "pixel", "true"), "ml", q -> q <= 0.5, false);
    }

    @Property(seed = SEED, tries = 500, afterFailure = AfterFailureMode.RANDOM_SEED)
    @Claim(id = "C3", subject = "caml(confidence=true-class, granularity=pixel, detach=true) vs ce, whole batch", holds = false)
    void c3TruePixelDetachedWholeVsCe(@ForAll("lowConfidenceBatch") ClaimBatch b) {
        ClaimChecks.compare(b, "caml", ClaimChecks.caml("true-class", "pixel", "true"), "ce", q -> q <= 0.5, false);
    }

    @Property(seed = SEED, tries = 500, afterFailure = AfterFailureMode.RANDOM_SEED)
    @Claim(id = "C3", subject = "caml(confidence=true-class, granularity=pixel, detach=true) vs ce+dice, whole batch", holds = false)
    void c3TruePixelDetachedWholeVsCeDice(@ForAll("lowConfidenceBatch") ClaimBatch b) {
        ClaimChecks.compare(b, "caml", ClaimChecks.caml("true-class", "pixel", "true"), "ce+dice", q -> q <= 0.5, false);
    }

    @Property(seed = SEED, tries = 500, afterFailure = AfterFailureMode.RANDOM_SEED)
    @Claim(id = "C3", subject = "caml(confidence=true-class, granularity=pixel, detach=true) vs ml, whole batch", holds = false)
    void c3TruePixelDetachedWholeVsMl(@ForAll("lowConfidenceBatch") ClaimBatch b) {
        ClaimChecks.compare(b, "caml", ClaimChecks.caml("true-class", "pixel", "true"), "ml", q -> q <= 0.5, false);
    }

    @Property(seed = SEED, tries = 500, afterFailure = AfterFailureMode.RANDOM_SEED)
    @Claim(id = "C3", subject = "caml(confidence=true-class, granularity=pixel, detach=false) vs ce, any batch", holds = false)
    void c3TruePixelLiveAnyVsCe(@ForAll("anyBatch") ClaimBatch b) {
        ClaimChecks.compare(b, "caml", ClaimChecks.caml("true-class", "pixel", "false"), "ce", q -> q <= 0.5, false);
    }

    @Property(seed = SEED, tries = 500, afterFailure = AfterFailureMode.RANDOM_SEED)
    @Claim(id = "C3", subject = "caml(confidence=true-class, granularity=pixel, detach=false) vs ce+dice, any batch", holds = false)
    void c3TruePixelLiveAnyVsCeDice(@ForAll("anyBatch") ClaimBatch b) {
        ClaimChecks.compare(b, "caml", ClaimChecks.caml("true-class", "pixel", "false"), "ce+dice", q -> q <= 0.5, false);
    }

    @Property(seed = SEED, tries = 500, afterFailure = AfterFailureMode.RANDOM_SEED)
    @Claim(id = "C3", subject = "caml(confidence=true-class, granularity=pixel, detach=false) vs ml, any batch", holds = false)
    void c3TruePixelLiveAnyVsMl(@ForAll("anyBatch") ClaimBatch b) {
        ClaimChecks.compare(b, "caml", ClaimChecks.caml("true-class", "pixel", "false"), "ml", q -> q <= 0.5, false);
    }

    @Property(seed = SEED, tries = 500, afterFailure = AfterFailureMode.RANDOM_SEED)
    @Claim(id = "C3", subject = "caml(confidence=true-class, granularity=pixel, detach=false) vs ce, whole batch", holds = false)
    void c3TruePixelLiveWholeVsCe(@ForAll("lowConfidenceBatch") ClaimBatch b) {
        ClaimChecks.compare(b, "caml", ClaimChecks.caml("true-class", "pixel", "false"), "ce", q -> q <= 0.5, false);
    }

    @Property(seed = SEED, tries = 500, afterFailure = AfterFailureMode.RANDOM_SEED)
    @Claim(id = "C3", subject = "caml(confidence=true-class, granularity=pixel, detach=false) vs ce+dice, whole batch", holds = false)
    void c3TruePixelLiveWholeVsCeDice(@ForAll("lowConfidenceBatch") ClaimBatch b) {
        ClaimChecks.compare(b, "caml", ClaimChecks.caml("true-class", "pixel", "false"), "ce+dice", q -> q <= 0.5, false);
    }

    @Property(seed = SEED, tries = 500, afterFailure = AfterFailureMode.RANDOM_SEED)
    @Claim(id = "C3", subject = "caml(confidence=true-class, granularity=pixel, detach=false) vs ml, whole batch", holds = false)
    void c3TruePixelLiveWholeVsMl(@ForAll("lowConfidenceBatch") ClaimBatch b) {
        ClaimChecks.compare(b, "caml", ClaimChecks.caml("true-class", "pixel", "false"), "ml", q -> q <= 0.5, false);
    }

    @Property(seed = SEED, tries = 500, afterFailure = AfterFailureMode.RANDOM_SEED)
    @Claim(id = "C3", subject = "caml(confidence=max, granularity=batch, detach=true) vs ce, any batch", holds = false)
    void c3MaxBatchDetachedAnyVsCe(@ForAll("anyBatch") ClaimBatch b) {
        ClaimChecks.compare(b, "caml", ClaimChecks.caml("max", "batch", "true"), "ce", q -> q <= 0.5, false);
    }

    @Property(seed = SEED, tries = 500, afterFailure = AfterFailureMode.RANDOM_SEED)
    @Claim(id = "C3", subject = "caml(confidence=max, granularity=batch, detach=true) vs ce+dice, any batch", holds = false)
    void c3MaxBatchDetachedAnyVsCeDice(@ForAll("anyBatch") ClaimBatch b) {
        ClaimChecks.compare(b, "caml", ClaimChecks.caml("max", "batch", "true"), "ce+dice", q -> q <= 0.5, false);
    }

    @Property(seed = SEED, tries = 500, afterFailure = AfterFailureMode.RANDOM_SEED)
    @Claim(id = "C3", subject = "caml(confidence=max, granularity=batch, detach=true) vs ml, any batch", holds = false)
    void c3MaxBatchDetachedAnyVsMl(@ForAll("anyBatch") ClaimBatch b) {
        ClaimChecks.compare(b, "caml", ClaimChecks.caml("max", "batch", "true"), "ml", q -> q <= 0.5, false);
    }

    @Property(seed = SEED, tries = 500, afterFailure = AfterFailureMode.RANDOM_SEED)
    @Claim(id = "C3", subject = "caml(confidence=max, granularity=batch, detach=true) vs ce, whole batch", holds = false)
    void c3MaxBatchDetachedWholeVsCe(@ForAll("lowConfidenceBatch") ClaimBatch b) {
        ClaimChecks.compare(b, "caml", ClaimChecks.caml("max", "batch", "true"), "ce", q -> q <= 0.5, false);
    }

    @Property(seed = SEED, tries = 500, afterFailure = AfterFailureMode.RANDOM_SEED)
    @Claim(id = "C3", subject = "caml(confidence=max, granularity=batch, detach=true) vs ce+dice, whole batch", holds = false)
    void c3MaxBatchDetachedWholeVsCeDice(@ForAll("lowConfidenceBatch") ClaimBatch b) {
        ClaimChecks.compare(b, "caml", ClaimChecks.caml("max", "batch", "true"), "ce+dice", q -> q <= 0.5, false);
    }

    @Property(seed = SEED, tries = 500, afterFailure = AfterFailureMode.RANDOM_SEED)
    @Claim(id = "C3", subject = "caml(confidence=max, granularity=batch, detach=true) vs ml, whole batch", holds = false)
    void c3MaxBatchDetachedWholeVsMl(@ForAll("lowConfidenceBatch") ClaimBatch b) {
        ClaimChecks.compare(b, "caml", ClaimChecks.caml("max", "batch", "true"), "ml", q -> q <= 0.5, false);
    }

    @Property(seed = SEED, tries = 500, afterFailure = AfterFailureMode.RANDOM_SEED)
    @Claim(id = "C3", subject = "caml(confidence=max, granularity=batch, detach=false) vs ce, any batch", holds = false)
    void c3MaxBatchLiveAnyVsCe(@ForAll("anyBatch") ClaimBatch b) {
        ClaimChecks.compare(b, "caml", ClaimChecks.caml("max", "batch", "false"), "ce", q -> q <= 0.5, false);
    }

    @Property(seed = SEED, tries = 500, afterFailure = AfterFailureMode.RANDOM_SEED)
    @Claim(id = "C3", subject = "caml(confidence=max, granularity=batch, detach=false) vs ce+dice, any batch", holds = false)
    void c3MaxBatchLiveAnyVsCeDice(@ForAll("anyBatch") ClaimBatch b) {
        ClaimChecks.compare(b, "caml", ClaimChecks.caml("max", "batch", "false"), "ce+dice", q -> q <= 0.5, false);
    }

    @Property(seed = SEED, tries = 500, afterFailure = AfterFailureMode.RANDOM_SEED)
    @Claim(id = "C3", subject = "caml(confidence=max, granularity=batch, detach=false) vs ml, any batch", holds = false)
    void c3MaxBatchLiveAnyVsMl(@ForAll("anyBatch") ClaimBatch b) {
        ClaimChecks.compare(b, "caml", ClaimChecks.caml("max", "batch", "false"), "ml", q -> q <= 0.5, false);
    }

    @Property(seed = SEED, tries = 500, afterFailure = AfterFailureMode.RANDOM_SEED)
    @Claim(id = "C3", subject = "caml(confidence=max, granularity=batch, detach=false) vs ce, whole batch", holds = false)
    void c3MaxBatchLiveWholeVsCe(@ForAll("lowConfidenceBatch") ClaimBatch b) {
        ClaimChecks.compare(b, "caml", ClaimChecks.caml("max", "batch", "false"), "ce", q -> q <= 0.5, false);
    }

    @Property(seed = SEED, tries = 500, afterFailure = AfterFailureMode.RANDOM_SEED)
    @Claim(id = "C3", subject = "caml(confidence=max, granularity=batch, detach=false) vs ce+dice, whole batch", holds = false)
    void c3MaxBatchLiveWholeVsCeDice(@ForAll("lowConfidenceBatch") ClaimBatch b) {
        ClaimChecks.compare(b, "caml", ClaimChecks.caml("max", "batch", "false"), "ce+dice", q -> q <= 0.5, false);
    }

    @Property(seed = SEED, tries = 500, afterFailure = AfterFailureMode.RANDOM_SEED)
    @Claim(id = "C3", subject = "caml(confidence=max, granularity=batch, detach=false) vs ml, whole batch", holds = false)
    void c3MaxBatchLiveWholeVsMl(@ForAll("lowConfidenceBatch") ClaimBatch b) {
        ClaimChecks.compare(b, "caml", ClaimChecks.caml("max", "batch", "false"), "ml", q -> q <= 0.5, false);
    }

    @Property(seed = SEED, tries = 500, afterFailure = AfterFailureMode.RANDOM_SEED)
    @Claim(id = "C3", subject = "caml(confidence=max, granularity=pixel, detach=true) vs ce, any batch", holds = false)
    void c3MaxPixelDetachedAnyVsCe(@ForAll("anyBatch") ClaimBatch b) {
        ClaimChecks.compare(b, "caml", ClaimChecks.caml("max", "pixel", "true"), "ce", q -> q <= 0.5, false);
    }

    @Property(seed = SEED, tries = 500, afterFailure = AfterFailureMode.RANDOM_SEED)
    @Claim(id = "C3", subject = "caml(confidence=max, granularity=pixel, detach=true) vs ce+dice, any batch", holds = false)
    void c3MaxPixelDetachedAnyVsCeDice(@ForAll("anyBatch") ClaimBatch b) {
        ClaimChecks.compare(b, "caml", ClaimChecks.caml("max", "pixel", "true"), "ce+dice", q -> q <= 0.5, false);
    }

    @Property(seed = SEED, tries = 500, afterFailure = AfterFailureMode.RANDOM_SEED)
    @Claim(id = "C3", subject = "caml(confidence=max, granularity=pixel, detach=true) vs ml, any batch", holds = false)
    void c3MaxPixelDetachedAnyVsMl(@ForAll("anyBatch") ClaimBatch b) {
        ClaimChecks.compare(b, "caml", ClaimChecks.caml("max", "pixel", "true"), "ml", q -> q <= 0.5, false);
    }

    @Property(seed = SEED, tries = 500, afterFailure = AfterFailureMode.RANDOM_SEED)
    @Claim(id = "C3", subject = "caml(confidence=max, granularity=pixel, detach=true) vs ce, whole batch", holds = false)
    void c3MaxPixelDetachedWholeVsCe(@ForAll("lowConfidenceBatch") ClaimBatch b) {
        ClaimChecks.compare(b, "caml", ClaimChecks.caml("max", "pixel", "true"), "ce", q -> q <= 0.5, false);
    }

    @Property(seed = SEED, tries = 500, afterFailure = AfterFailureMode.RANDOM_SEED)
    @Claim(id = "C3", subject = "caml(confidence=max, granularity=pixel, detach=true) vs ce+dice, whole batch", holds = false)
    void c3MaxPixelDetachedWholeVsCeDice(@ForAll("lowConfidenceBatch") ClaimBatch b) {
        ClaimChecks.compare(b, "caml", ClaimChecks.caml("max", "pixel", "true"), "ce+dice", q -> q <= 0.5, false);
    }

    @Property(seed = SEED, tries = 500, afterFailure = AfterFailureMode.RANDOM_SEED)
    @Claim(id = "C3", subject = "caml(confidence=max, granularity=pixel, detach=true) vs ml, whole batch", holds = false)
    void c3MaxPixelDetachedWholeVsMl(@ForAll("lowConfidenceBatch") ClaimBatch b) {
        ClaimChecks.compare(b, "caml", ClaimChecks.caml("max", "pixel", "true"), "ml", q -> q <= 0.5, false);
    }

    @Property(seed = SEED, tries = 500, afterFailure = AfterFailureMode.RANDOM_SEED)
    @Claim(id = "C3", subject = "caml(confidence=max, granularity=pixel, detach=false) vs ce, any batch", holds = false)
    void c3MaxPixelLiveAnyVsCe(@ForAll("anyBatch") ClaimBatch b) {
        ClaimChecks.compare(b, "caml", ClaimChecks.caml("max", "pixel", "false"), "ce", q -> q <= 0.5, false);
    }

    @Property(seed = SEED, tries = 500, afterFailure = AfterFailureMode.RANDOM_SEED)
    @Claim(id = "C3", subject = "caml(confidence=max, granularity=pixel, detach=false) vs ce+dice, any batch", holds = false)
    void c3MaxPixelLiveAnyVsCeDice(@ForAll("anyBatch") ClaimBatch b) {
        ClaimChecks.compare(b, "caml", ClaimChecks.caml("max", "pixel", "false"), "ce+dice", q -> q <= 0.5, false);
    }

    @Property(seed = SEED, tries = 500, afterFailure = AfterFailureMode.RANDOM_SEED)
    @Claim(id = "C3", subject = "caml(confidence=max, granularity=pixel, detach=false) vs ml, any batch", holds = false)
    void c3MaxPixelLiveAnyVsMl(@ForAll("anyBatch") ClaimBatch b) {
        ClaimChecks.compare(b, "caml", ClaimChecks.caml("max", "pixel", "false"), "ml", q -> q <= 0.5, false);
    }

    @Property(seed = SEED, tries = 500, afterFailure = AfterFailureMode.RANDOM_SEED)
    @Claim(id = "C3", subject = "caml(confidence=max, granularity=pixel, detach=false) vs ce, whole batch", holds = false)
    void c3MaxPixelLiveWholeVsCe(@ForAll("lowConfidenceBatch") ClaimBatch b) {
        ClaimChecks.compare(b, "caml", ClaimChecks.caml("max", "pixel", "false"), "ce", q -> q <= 0.5, false);
    }

    @Property(seed = SEED, tries = 500, afterFailure = AfterFailureMode.RANDOM_SEED)
    @Claim(id = "C3", subject = "caml(confidence=max, granularity=pixel, detach=false) vs ce+dice, whole batch", holds = false)
    void c3MaxPixelLiveWholeVsCeDice(@ForAll("lowConfidenceBatch") ClaimBatch b) {
        ClaimChecks.compare(b, "caml", ClaimChecks.caml("max", "pixel", "false"), "ce+dice", q -> q <= 0.5, false);
    }

    @Property(seed = SEED, tries = 500, afterFailure = AfterFailureMode.RANDOM_SEED)
    @Claim(id = "C3", subject = "caml(confidence=max, granularity=pixel, detach=false) vs ml, whole batch", holds = false)
    void c3MaxPixelLiveWholeVsMl(@ForAll("lowConfidenceBatch") ClaimBatch b) {
        ClaimChecks.compare(b, "caml", ClaimChecks.caml("max", "pixel", "false"), "ml", q -> q <= 0.5, false);
    }
}
