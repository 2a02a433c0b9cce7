package org.segrad.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildInfoTest {
    @TempDir
    Path dir;

    @Test
    void theCommitIsReadFromLooseOrPackedRefsWithoutGit() throws IOException {
        Path git = Files.createDirectories(dir.resolve("repo/.git"));
        String id = "0123456789abcdef0123456789abcdef01234567";
        Files.writeString(git.resolve("HEAD"), "ref: refs/heads/main\n");
        Files.writeString(git.resolve("packed-refs"), "# pack-refs with: peeled\n" + id + " refs/heads/main\n");
        assertEquals(id, BuildInfo.head(git, git));
        Files.createDirectories(git.resolve("refs/heads"));
        String loose = id.replace('0', 'f');
        Files.writeString(git.resolve("refs/heads/main"), loose + "\n");
        assertEquals(loose, BuildInfo.head(git, git), "a loose ref wins over the packed one");
        Files.writeString(git.resolve("HEAD"), id + "\n");
        assertEquals(id, BuildInfo.head(git, git), "detached HEAD");
        Files.writeString(git.resolve("HEAD"), "ref: ../../etc/passwd\n");
        assertNull(BuildInfo.head(git, git));
    }
}
