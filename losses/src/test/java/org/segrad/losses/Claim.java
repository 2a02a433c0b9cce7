package org.segrad.losses;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * A paper claim encoded as a jqwik property, with the verdict docs/claims.md records for it. {@link ClaimVerdictHook}
 * turns a failure of a claim documented as failing into a pass (a finding, not a test failure), fails when the
 * verdict changes, and checks that docs/claims.md holds the row this run produced (verdict and shrunk
 * counterexample).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@AddLifecycleHook(ClaimVerdictHook.class)
@interface Claim {
    /** The claim's id in docs/claims.md (C1 … C4). */
    String id();

    /** The loss reading and the baseline, as the row of docs/claims.md names them. */
    String subject();

    /** True if docs/claims.md records the claim as holding (no counterexample found). */
    boolean holds();
}
