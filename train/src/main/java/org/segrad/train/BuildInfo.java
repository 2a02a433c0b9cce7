package org.segrad.train;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.segrad.kernels.Parallel;
import org.segrad.kernels.SimdSupport;

/**
 * What produced a result, for config.json and the model card: segrad's version (Maven's project version, filtered into
 * {@code build.properties}), the git commit when segrad runs from a checkout (read from {@code .git/HEAD} and the ref
 * it names, loose or packed, worktrees included; no git binary), the JDK, the compute threads and the SIMD status.
 */
public final class BuildInfo {
    private static final int MAX_GIT_FILE = 1 << 20;

    private BuildInfo() {}

    /** The version of this build, e.g. {@code 0.1.0-SNAPSHOT} ("unknown" when the resource is missing). */
    public static String version() {
        try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
            if (in == null) return "unknown";
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "unknown");
            return v.contains("${") ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The environment block of config.json. */
    public static Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("segrad_version", version());
        m.put("git_commit", commit());
        m.put("jdk", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version"));
        m.put("threads", Parallel.threads());
        m.put("simd", SimdSupport.enabled() ? "on" : "off");
        m.put("simd_detail", SimdSupport.reason());
        return m;
    }

    /** The commit of the checkout segrad's classes were loaded from, or null when it is not run from a checkout. */
    public static String commit() {
        try {
            Path p = Path.of(BuildInfo.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
            for (; p != null; p = p.getParent()) {
                Path git = p.resolve(".git");
                if (Files.isDirectory(git)) return head(git, git);
                if (Files.isRegularFile(git)) { // a worktree: "gitdir: /main/.git/worktrees/name"
                    String line = read(git).strip();
                    if (!line.startsWith("gitdir:")) return null;
                    Path gitDir = p.resolve(line.substring(7).strip());
                    Path common = Files.isRegularFile(gitDir.resolve("commondir"))
                            ? gitDir.resolve(read(gitDir.resolve("commondir")).strip()).normalize() : gitDir;
                    return head(gitDir, common);
                }
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            return null;
        }
        return null;
    }

    /** HEAD's commit: a detached id, or the ref it names in {@code gitDir}, then loose or packed in {@code common}. */
    static String head(Path gitDir, Path common) throws IOException {
        String head = read(gitDir.resolve("HEAD")).strip();
        if (!head.startsWith("ref:")) return isId(head) ? head : null;
        String ref = head.substring(4).strip();
        if (ref.contains("..")) return null;
        for (Path dir : new Path[] {gitDir, common}) {
            Path loose = dir.resolve(ref);
            if (Files.isRegularFile(loose)) {
                String id = read(loose).strip();
                return isId(id) ? id : null;
            }
        }
        Path packed = common.resolve("packed-refs");
        if (Files.isRegularFile(packed)) {
            for (String line : read(packed).split("\n")) {
                String[] f = line.strip().split(" ");
                if (f.length == 2 && f[1].equals(ref) && isId(f[0])) return f[0];
            }
        }
        return null;
    }

    private static boolean isId(String s) {
        return s.matches("[0-9a-f]{40}|[0-9a-f]{64}");
    }

    private static String read(Path file) throws IOException {
        if (Files.size(file) > MAX_GIT_FILE) throw new IOException(file + " is too large");
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
