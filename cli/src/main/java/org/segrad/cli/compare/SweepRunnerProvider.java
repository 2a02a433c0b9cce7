package org.segrad.cli.compare;

import java.util.Map;
import java.util.ServiceLoader;

/**
 * A cluster {@link SweepRunner}, found with {@link ServiceLoader} when {@code segrad compare} gets {@code --master}
 * (the spark module registers one in {@code META-INF/services/org.segrad.cli.compare.SweepRunnerProvider}). The cli
 * module does not depend on any provider: without {@code --master} none is looked up and nothing of it loads.
 */
public interface SweepRunnerProvider {

    /**
     * Connects to {@code master} (e.g. {@code local[2]} or {@code spark://host:7077}) with extra settings {@code conf},
     * for runs that each use {@code settings.threads()} cores. Checks that every worker can read
     * {@link RunSettings#inputPaths()}: an {@link IllegalArgumentException} names each one that cannot.
     */
    SweepRunner connect(String master, Map<String, String> conf, RunSettings settings) throws Exception;

    /** The provider on the class path; one clear error naming the build command when there is none. */
    static SweepRunnerProvider find() {
        return ServiceLoader.load(SweepRunnerProvider.class).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "--master needs the spark module on the class path: build it with 'mvn -B -ntp package -DskipTests -pl spark -am' "
                        + "(./segrad builds it and adds spark/target/lib/* when --master is given)"));
    }
}
