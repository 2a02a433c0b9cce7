package org.segrad.losses;

import java.util.Locale;

/** The largest gradient errors any test saw in this JVM, printed by {@link ErrorReportTest}. */
final class ErrorLog {
    private ErrorLog() {}

    static double maxAnalytic;
    static String worstAnalytic = "-";
    static double maxFdRel;
    static double maxFdAbs;
    static String worstFd = "-";
    static double maxOracle;
    static String worstOracle = "-";

    static synchronized void analytic(Object c, double err) {
        if (err > maxAnalytic) {
            maxAnalytic = err;
            worstAnalytic = c.toString();
        }
    }

    static synchronized void finiteDifference(Object c, double rel, double abs) {
        maxFdAbs = Math.max(maxFdAbs, abs);
        if (rel > maxFdRel) {
            maxFdRel = rel;
            worstFd = c.toString();
        }
    }

    static synchronized void oracle(Object c, double err) {
        if (err > maxOracle) {
            maxOracle = err;
            worstOracle = c.toString();
        }
    }

    static String summary() {
        return String.format(Locale.ROOT, "analytic vs autodiff: max normwise rel %.3e (%s)%n"
                + "autodiff vs central differences: max rel %.3e, max abs %.3e (%s)%n"
                + "analytic vs DerivativeStructure: max normwise rel %.3e (%s)",
                maxAnalytic, worstAnalytic, maxFdRel, maxFdAbs, worstFd, maxOracle, worstOracle);
    }
}
