package io.jenkins.plugins.codybatch.jenkins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import hudson.FilePath;
import hudson.model.Item;
import hudson.model.Run;
import io.jenkins.plugins.codybatch.engine.claude.Redactor;
import io.jenkins.plugins.codybatch.engine.results.Json;
import io.jenkins.plugins.codybatch.engine.results.PullRequestRef;
import io.jenkins.plugins.codybatch.engine.results.RepoResult;
import io.jenkins.plugins.codybatch.engine.results.RepoStatus;
import io.jenkins.plugins.codybatch.engine.results.Usage;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jenkins.model.ArtifactManager;
import jenkins.util.VirtualFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;
import org.mockito.Mockito;

class CodyBatchActionTest {

    private final Run<?, ?> run = mock(Run.class);
    private final StaplerRequest2 req = mock(StaplerRequest2.class);
    private final StaplerResponse2 rsp = mock(StaplerResponse2.class);
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final VirtualFile root = mock(VirtualFile.class, Mockito.RETURNS_DEEP_STUBS);
    private CodyBatchAction action;

    /** The step node's output folder (workspace/cody-batch) while the batch runs. */
    @TempDir
    Path outputRoot;

    @BeforeEach
    void setUp() throws Exception {
        RepoTask a = new RepoTask("acme/a", "acme__a");
        RepoTask b = new RepoTask("acme/b", "acme__b");
        action = new CodyBatchAction("nightly", "code-pattern-update", List.of(a, b));
        action.onAttached(run);
        action.finished(new RepoOutcome(a, new RepoResult("acme/a", RepoStatus.COMPLETED, null, 4,
                new Usage(1000, 200, 0, 0), 0.5, List.of("pom.xml"),
                new PullRequestRef("https://github.com/acme/a/pull/1", 1, "created"), "<b>done</b>", 10),
                List.of("repos/acme__a/patch.diff", "repos/acme__a/result.json")));
        action.started(b);
        when(rsp.getOutputStream()).thenReturn(new ServletOutputStream() {
            @Override
            public void write(int c) {
                body.write(c);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {}
        });
        ArtifactManager artifacts = mock(ArtifactManager.class);
        when(run.getArtifactManager()).thenReturn(artifacts);
        when(artifacts.root()).thenReturn(root);
    }

    @Test
    void summaryIsLiveJsonOfCountsUsageAndRepositories() throws Exception {
        action.doSummary(req, rsp);

        verify(run).checkPermission(Item.READ);
        verify(rsp).setContentType("application/json;charset=UTF-8");
        JsonNode json = Json.MAPPER.readTree(body.toByteArray());
        assertThat(json.get("name").asText()).isEqualTo("nightly");
        assertThat(json.get("running").asBoolean()).isTrue();
        assertThat(json.get("counts").get("completed").asInt()).isEqualTo(1);
        assertThat(json.get("counts").get("running").asInt()).isEqualTo(1);
        assertThat(json.get("total_tokens").asLong()).isEqualTo(1200);
        JsonNode first = json.get("repositories").get(0);
        assertThat(first.get("dir").asText()).isEqualTo("acme__a");
        assertThat(first.get("pull_request_url").asText()).isEqualTo("https://github.com/acme/a/pull/1");
        assertThat(first.get("files").toString()).isEqualTo("[\"patch.diff\",\"result.json\"]");
        assertThat(first.get("usage").get("input_tokens").asLong()).isEqualTo(1000);
    }

    @Test
    void exportedCountsFollowTheRepositories() {
        action.completed("UNSTABLE", false);
        assertThat(action.getTotal()).isEqualTo(2);
        assertThat(action.getCompleted()).isEqualTo(1);
        assertThat(action.getCost()).isEqualTo(0.5);
        assertThat(action.getResult()).isEqualTo("UNSTABLE");
        assertThat(action.getRepositories().get(0).getPatch()).isEqualTo("cody-batch/repos/acme__a/patch.diff");
        assertThat(action.getRepositories().get(1).getPatch()).isNull();
    }

    @Test
    void repoServesAnArchivedResultFile() throws Exception {
        when(req.getRestOfPath()).thenReturn("/acme__a/patch.diff");
        VirtualFile patch = root.child("cody-batch").child("repos").child("acme__a").child("patch.diff");
        when(patch.isFile()).thenReturn(true);
        when(patch.open()).thenReturn(new ByteArrayInputStream("--- a\n+++ b\n".getBytes(StandardCharsets.UTF_8)));

        action.doRepo(req, rsp);

        verify(run).checkPermission(Run.ARTIFACTS);
        verify(rsp).setContentType("text/plain;charset=UTF-8");
        assertThat(body.toString(StandardCharsets.UTF_8)).isEqualTo("--- a\n+++ b\n");
    }

    @Test
    void repoRefusesPathsOutsideTheBatchFiles() throws Exception {
        for (String path : List.of("/../../config.xml", "/acme__a/../../x/result.json", "/acme__a/secret.txt",
                "/unknown/result.json", "/acme__a", "/acme__a/result.json/extra", "/..%2F/result.json")) {
            when(req.getRestOfPath()).thenReturn(path);
            action.doRepo(req, rsp);
        }
        verify(rsp, Mockito.times(7)).sendError(404);
        verify(rsp, never()).getOutputStream();
    }

    @Test
    void everyEndpointChecksPermissionBeforeAnswering() throws Exception {
        doThrow(new SecurityException("denied")).when(run).checkPermission(Item.READ);
        doThrow(new SecurityException("denied")).when(run).checkPermission(Run.ARTIFACTS);
        when(req.getRestOfPath()).thenReturn("/acme__a/patch.diff");

        assertThatThrownBy(() -> action.doSummary(req, rsp)).hasMessage("denied");
        assertThatThrownBy(() -> action.doRepo(req, rsp)).hasMessage("denied");
        verify(rsp, never()).getOutputStream();
        verify(rsp, never()).setContentType(Mockito.anyString());
    }

    @Test
    void onlyHttpLinksAreRenderedAsPullRequestLinks() {
        RepoTask t = new RepoTask("acme/c", "acme__c");
        action.finished(new RepoOutcome(t, new RepoResult("acme/c", RepoStatus.COMPLETED, null, 1, Usage.ZERO, 0,
                List.of(), new PullRequestRef("javascript:alert(1)", 2, "created"), null, 0), List.of()));
        assertThat(action.getPullRequestUrls()).containsExactly("https://github.com/acme/a/pull/1");
    }

    @Test
    void persistedListsArePlainArrayLists() throws Exception {
        // build.xml is written and read back by XStream, which cannot rebuild JDK-internal immutable lists
        List<Object> holders = new java.util.ArrayList<>(action.getRepositories());
        holders.add(action);
        for (Object holder : holders) {
            for (java.lang.reflect.Field field : holder.getClass().getDeclaredFields()) {
                if (List.class.isAssignableFrom(field.getType())
                        && !java.lang.reflect.Modifier.isTransient(field.getModifiers())) {
                    field.setAccessible(true);
                    assertThat(field.get(holder)).as(field.toString()).isExactlyInstanceOf(java.util.ArrayList.class);
                }
            }
        }
    }

    @Test
    void theViewerIsOfferedOnlyWhenItsAdjunctIsPackaged() throws Exception {
        boolean packaged = getClass().getClassLoader().getResource(CodyBatchAction.VIEWER_ADJUNCT + ".js") != null
                && getClass().getClassLoader().getResource(CodyBatchAction.VIEWER_ADJUNCT + ".css") != null;
        assertThat(action.isViewerAvailable()).isEqualTo(packaged);
        String page = java.nio.file.Files.readString(java.nio.file.Path.of(
                "src/main/resources/io/jenkins/plugins/codybatch/jenkins/CodyBatchAction/index.jelly"));
        assertThat(page).contains("data-summary-url=\"${rootURL}/${it.run.url}${it.urlName}/summary\"")
                .contains("data-repo-url=\"${rootURL}/${it.run.url}${it.urlName}/repo\"")
                .contains("<st:adjunct includes=\"" + CodyBatchAction.VIEWER_ADJUNCT.replace('/', '.') + "\"/>");
    }

    private Path liveFile(String dir, String name, String content) throws Exception {
        Path file = outputRoot.resolve("repos").resolve(dir).resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return file;
    }

    @Test
    void aRunningRepositoryServesItsLiveTranscriptMaskedAndOnlyWholeLines() throws Exception {
        String key = "sk-ant-api03-LIVEKEY-0123456789";
        liveFile("acme__b", "transcript.jsonl", "{\"type\":\"request\",\"content\":\"hi\"}\n"
                + "{\"type\":\"error\",\"message\":\"bad key " + key + "\"}\n"
                + "{\"type\":\"respo"); // the engine is writing this line right now
        action.servingLiveFrom(new FilePath(outputRoot.toFile()), Redactor.of(key));
        when(req.getRestOfPath()).thenReturn("/acme__b/transcript.jsonl");

        action.doRepo(req, rsp);

        verify(run).checkPermission(Run.ARTIFACTS);
        verify(rsp).setContentType("text/plain;charset=UTF-8");
        verify(rsp).setHeader("Content-Security-Policy", "sandbox; default-src 'none'");
        assertThat(body.toString(StandardCharsets.UTF_8)).isEqualTo("{\"type\":\"request\",\"content\":\"hi\"}\n"
                + "{\"type\":\"error\",\"message\":\"bad key ****\"}\n");
        verify(run, never()).getArtifactManager();
    }

    @Test
    void aRunningRepositoryServesNothingElseLiveAndNothingWithoutALiveFolder() throws Exception {
        liveFile("acme__b", "transcript.jsonl", "{}\n");
        liveFile("acme__b", "patch.diff", "--- half written\n");
        liveFile("acme__b", "secret.txt", "x\n");
        when(req.getRestOfPath()).thenReturn("/acme__b/transcript.jsonl");
        action.doRepo(req, rsp); // labelled fan-out: no live folder on this controller's side

        action.servingLiveFrom(new FilePath(outputRoot.toFile()), Redactor.of());
        for (String path : List.of("/acme__b/patch.diff", "/acme__b/secret.txt", "/acme__b/../acme__b/transcript.jsonl",
                "/acme__c/transcript.jsonl")) {
            when(req.getRestOfPath()).thenReturn(path);
            action.doRepo(req, rsp);
        }
        action.completed("SUCCESS", false); // the folder is no longer read once the batch ended
        when(req.getRestOfPath()).thenReturn("/acme__b/transcript.jsonl");
        action.doRepo(req, rsp);

        verify(rsp, Mockito.times(6)).sendError(404);
        verify(rsp, never()).getOutputStream();
    }

    @Test
    void aFinishedRepositoryIsServedFromTheArchiveNotTheLiveFolder() throws Exception {
        liveFile("acme__a", "transcript.jsonl", "{\"type\":\"from the workspace\"}\n");
        action.servingLiveFrom(new FilePath(outputRoot.toFile()), Redactor.of());
        when(req.getRestOfPath()).thenReturn("/acme__a/transcript.jsonl");
        VirtualFile archived = root.child("cody-batch").child("repos").child("acme__a").child("transcript.jsonl");
        when(archived.isFile()).thenReturn(true);
        when(archived.open()).thenReturn(new ByteArrayInputStream("{\"type\":\"archived\"}\n".getBytes(StandardCharsets.UTF_8)));

        action.doRepo(req, rsp);

        assertThat(body.toString(StandardCharsets.UTF_8)).isEqualTo("{\"type\":\"archived\"}\n");
    }

    @Test
    void theLiveTranscriptNeedsTheArtifactsPermission() throws Exception {
        liveFile("acme__b", "transcript.jsonl", "{}\n");
        action.servingLiveFrom(new FilePath(outputRoot.toFile()), Redactor.of());
        doThrow(new SecurityException("denied")).when(run).checkPermission(Run.ARTIFACTS);
        when(req.getRestOfPath()).thenReturn("/acme__b/transcript.jsonl");

        assertThatThrownBy(() -> action.doRepo(req, rsp)).hasMessage("denied");
        verify(rsp, never()).getOutputStream();
    }
}
