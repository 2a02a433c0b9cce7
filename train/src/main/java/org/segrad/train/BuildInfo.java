package org.segrad.train;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The segrad version (from the build) and, when segrad runs from a git checkout (a worktree included), the commit
 * checked out: found by walking up from the code's location to a {@code .git} folder or file and reading {@code HEAD}
 * (a detached hash, or a branch ref loose or in {@code packed-refs}). No git process is started; anything unexpected
 * gives {@code null}.
 */
public final class BuildInfo {
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{40}");

    private BuildInfo() {
    }

    /** The version of this build, e.g. {@code 0.1.0-SNAPSHOT} ("unknown" when the resource is missing). */
    public static String version() {
        try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "unknown");
            return v.contains("${") ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The 40-hex commit of the checkout this code runs from, or null. */
    public static String commit() {
        try {
            Path at = Path.of(BuildInfo.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
            for (Path p = at; p != null; p = p.getParent()) {
                Path git = p.resolve(".git");
                if (Files.isDirectory(git)) {
                    return head(git, git);
                }
                if (Files.isRegularFile(git)) {
                    String line = Files.readString(git, StandardCharsets.UTF_8).trim();
                    if (!line.startsWith("gitdir:")) {
                        return null;
                    }
                    Path dir = p.resolve(line.substring(7).trim()).normalize();
                    Path common = Files.isRegularFile(dir.resolve("commondir"))
                            ? dir.resolve(Files.readString(dir.resolve("commondir")).trim()).normalize() : dir;
                    return head(dir, common);
                }
            }
        } catch (Exception e) {
            return null;
        }
        return null;
    }

    private static String head(Path gitDir, Path commonDir) throws IOException {
        String head = Files.readString(gitDir.resolve("HEAD"), StandardCharsets.UTF_8).trim();
        if (HASH.matcher(head).matches()) {
            return head;
        }
        if (!head.startsWith("ref:")) {
            return null;
        }
        String ref = head.substring(4).trim();
        for (Path dir : new Path[] {gitDir, commonDir}) {
            Path loose = dir.resolve(ref);
            if (Files.isRegularFile(loose)) {
                String h = Files.readString(loose, StandardCharsets.UTF_8).trim();
                return HASH.matcher(h).matches() ? h : null;
            }
        }
        Path packed = commonDir.resolve("packed-refs");
        if (Files.isRegularFile(packed)) {
            for (String line : Files.readAllLines(packed, StandardCharsets.UTF_8)) {
                if (line.endsWith(" " + ref) && HASH.matcher(line.substring(0, 40)).matches()) {
                    return line.substring(0, 40);
                }
            }
        }
        return null;
    }
}
