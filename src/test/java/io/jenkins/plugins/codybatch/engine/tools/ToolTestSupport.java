package io.jenkins.plugins.codybatch.engine.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;

/** A real git repository in a temp dir, and JSON tool inputs. */
final class ToolTestSupport {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private ToolTestSupport() {}

    static Path gitRepo(Path dir) throws Exception {
        Path repo = Files.createDirectories(dir.resolve("repo"));
        Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call().close();
        return repo;
    }

    static ObjectNode input(Object... keyValues) {
        ObjectNode node = MAPPER.createObjectNode();
        for (int i = 0; i < keyValues.length; i += 2) {
            node.set((String) keyValues[i], MAPPER.valueToTree(keyValues[i + 1]));
        }
        return node;
    }

    static Path write(Path repo, String rel, String content) throws Exception {
        Path file = repo.resolve(rel);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return file;
    }
}
