package io.jenkins.plugins.codybatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Errors that concern the whole batch stop it once, clearly, and lose nothing: the repositories not started are
 * recorded with the one reason, and --retry-failed picks them up once the cause is fixed.
 */
class BatchLevelErrorsTest extends CliTestBase {

    List<String> repos(int count) throws Exception {
        List<String> args = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            args.addAll(List.of("--repo", localRepo("r" + i).toString()));
        }
        return args;
    }

    @Test
    void aRejectedKeyStopsTheBatchAfterOneRequestAndARetryWithTheRightKeyFinishesIt() throws Exception {
        Path output = tmp.resolve("out");
        List<String> args = new ArrayList<>(repos(5));
        args.addAll(List.of("--prompt", "Greet Cody", "--name", "greet", "--parallel", "1", "--output", output.toString()));
        env.put("ANTHROPIC_API_KEY", "sk-ant-api03-wrong-but-plausible-key-00000");

        int code = run(args.toArray(String[]::new));

        assertThat(code).as(out.toString()).isEqualTo(CodyBatchCli.FAILURES);
        assertThat(anthropicServer.getRequestCount()).as("requests sent with the rejected key").isEqualTo(1);
        assertThat(out.toString().lines().filter(l -> l.startsWith("STOPPED"))).singleElement().asString()
                .contains("rejected the API key");
        JsonNode summary = json(output.resolve("summary.json"));
        assertThat(summary.path("stopped").asText()).contains("rejected the API key (401");
        assertThat(summary.path("counts").path("FAILED").asInt()).isEqualTo(5);
        JsonNode first = json(output.resolve("repos/r1/result.json"));
        assertThat(first.path("batch_error").asText()).isEqualTo("api_key_refused");
        for (int i = 2; i <= 5; i++) {
            JsonNode result = json(output.resolve("repos/r" + i + "/result.json"));
            assertThat(result.path("error").asText()).startsWith("Not started: the batch stopped (The Claude API"
                    + " rejected the API key").endsWith("Fix that, then run again with --retry-failed to work on it.");
            assertThat(result.path("outputs").size()).as("r%d was never worked", i).isZero();
        }

        env.put("ANTHROPIC_API_KEY", KEY);
        int retried = cli("run", "--retry-failed", output.toString());

        assertThat(retried).as(out.toString()).isEqualTo(CodyBatchCli.OK);
        assertThat(json(output.resolve("summary.json")).path("counts").path("COMPLETED").asInt()).isEqualTo(5);
        assertThat(json(output.resolve("summary.json")).has("stopped")).isFalse();
    }

    @Test
    void anUnreachableApiStopsTheBatchAfterThreeRepositoriesInARow() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort(); // free, then closed: connections are refused
        }
        Path output = tmp.resolve("out");
        List<String> args = new ArrayList<>(List.of("run", "--api-url", "http://127.0.0.1:" + closedPort + "/",
                "--prompt", "Greet Cody", "--parallel", "1", "--output", output.toString()));
        args.addAll(repos(6));

        int code = cli(args.toArray(String[]::new));

        assertThat(code).as(out.toString()).isEqualTo(CodyBatchCli.FAILURES);
        JsonNode summary = json(output.resolve("summary.json"));
        assertThat(summary.path("stopped").asText()).startsWith("3 repositories in a row could not reach the Claude API")
                .contains("127.0.0.1:" + closedPort);
        int tried = 0;
        for (int i = 1; i <= 6; i++) {
            JsonNode result = json(output.resolve("repos/r" + i + "/result.json"));
            assertThat(result.path("batch_error").asText()).isEqualTo("api_unreachable");
            if (!result.path("error").asText().startsWith("Not started")) {
                tried++;
                assertThat(result.path("error").asText()).contains("after 3 attempt(s)", "ConnectException");
            }
        }
        assertThat(tried).isEqualTo(3);
        assertThat(out.toString().lines().filter(l -> l.startsWith("STOPPED"))).hasSize(1);
        assertThat(out.toString()).contains("6 failed, 0 completed, 0 no changes, 0 skipped; 0 tokens, $0.0000 (stopped early)");
    }
}
