package io.jenkins.plugins.codybatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A fake Anthropic Messages API with api.anthropic.com response shapes (usage, request-id, error bodies). Each
 * repository's conversation follows its {@link Mode}: by default one turn that edits README.md with
 * {@code str_replace} and creates NOTES.md, then {@code end_turn} with a summary. The repository is read from the
 * system prompt, so parallel conversations do not mix.
 */
public final class FakeAnthropic extends Dispatcher {

    public static final String MODEL = "claude-sonnet-4-6";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern REPOSITORY = Pattern.compile("git repository (\\S+?)\\.?\\s");

    public enum Mode {
        /** str_replace README.md "Hello" → "Hello, Cody" and create NOTES.md, then end_turn. */
        EDIT,
        /** view README.md, then end_turn with an analysis answer. */
        ANALYSIS,
        /** view README.md, then end_turn saying there is nothing to change. */
        NO_CHANGE,
        /**
         * view a file that does not exist (a tool error), then the EDIT change, then end_turn with a summary holding
         * HTML and a script, which every page must show as text.
         */
        STUMBLE,
        /** every request answered 500 api_error (retry-after-ms 1, so the client's retries are quick). */
        SERVER_ERRORS,
        /** every request answered 400 invalid_request_error. */
        BAD_REQUEST,
        /** the model keeps asking to view a file outside the checkout and never ends. */
        ENDLESS_TOOLS,
        /**
         * view README.md; greet Cody there (str_replace "Hello" → "Hello, Cody") only if it does not already, then
         * end_turn: like a careful model, it changes nothing where the change was already made (e.g. merged).
         */
        GREET_ONCE,
        /**
         * like EDIT, but NOTES.md gets "TODO: greet Cody"; told by a failing check that NOTES.md still has a TODO
         * (its output must reach the model), the model replaces it with "Greeted Cody." and ends its turn again.
         */
        REPAIR
    }

    /** The line of a verify command's output that makes the REPAIR model fix NOTES.md. */
    public static final String TODO_FAILURE = "NOTES.md still has a TODO";

    private final String apiKey;
    private final Map<String, Mode> modes = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private volatile Mode defaultMode = Mode.EDIT;
    /** How long each answer for a repository whose name contains "slow" takes (0: at once). */
    private volatile long slowMillis;

    public FakeAnthropic(String apiKey) {
        this.apiKey = apiKey;
    }

    public FakeAnthropic mode(String repository, Mode mode) {
        modes.put(repository, mode);
        return this;
    }

    public FakeAnthropic defaultMode(Mode mode) {
        defaultMode = mode;
        modes.clear();
        return this;
    }

    /** Answers requests for repositories whose name contains "slow" only after {@code millis}, like a long turn. */
    public FakeAnthropic slow(long millis) {
        slowMillis = millis;
        return this;
    }

    /** Messages requests seen for a repository (retries included). */
    public int requests(String repository) {
        AtomicInteger count = requests.get(repository);
        return count == null ? 0 : count.get();
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String path = request.getUrl().encodedPath();
        if (!apiKey.equals(request.getHeaders().get("x-api-key"))) {
            return error(401, "authentication_error", "invalid x-api-key");
        }
        if (request.getMethod().equals("GET") && path.startsWith("/v1/models/")) {
            String model = path.substring("/v1/models/".length());
            return model.equals(MODEL)
                    ? json(200, "{\"type\":\"model\",\"id\":\"" + MODEL + "\",\"display_name\":\"Claude Sonnet 4.6\","
                            + "\"created_at\":\"2026-02-17T00:00:00Z\"}")
                    : error(404, "not_found_error", "model: " + model);
        }
        if (!request.getMethod().equals("POST") || !path.equals("/v1/messages")) {
            return error(404, "not_found_error", "Not found");
        }
        JsonNode body;
        try {
            body = MAPPER.readTree(request.getBody().utf8());
        } catch (IOException e) {
            return error(400, "invalid_request_error", "body is not JSON");
        }
        return messages(body);
    }

    /** The answer to a Messages request body (also used for the entries of a fake message batch). */
    public MockResponse messages(JsonNode body) {
        String repository = repository(body.path("system"));
        requests.computeIfAbsent(repository, r -> new AtomicInteger()).incrementAndGet();
        if (slowMillis > 0 && repository.contains("slow")) {
            try {
                Thread.sleep(slowMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        int turn = 0;
        for (JsonNode message : body.path("messages")) {
            if (message.path("role").asText().equals("assistant")) {
                turn++;
            }
        }
        return switch (modes.getOrDefault(repository, defaultMode)) {
            case EDIT -> turn == 0
                    ? reply("tool_use", text("I will update README.md and add NOTES.md."),
                            edit("str_replace", "path", "README.md", "old_str", "Hello", "new_str", "Hello, Cody"),
                            edit("create", "path", "NOTES.md", "file_text", "Updated by Cody Batch.\n"))
                    : reply("end_turn", text("Greeted Cody in README.md and added NOTES.md."));
            case NO_CHANGE -> turn == 0
                    ? reply("tool_use", text("Let me look at README.md first."), edit("view", "path", "README.md"))
                    : reply("end_turn", text("README.md already says what it should; nothing to change."));
            case STUMBLE -> switch (turn) {
                case 0 -> reply("tool_use", edit("view", "path", "docs/GREETING.md"));
                case 1 -> reply("tool_use", text("There is no docs/GREETING.md; I will edit README.md instead."),
                        edit("str_replace", "path", "README.md", "old_str", "Hello", "new_str", "Hello, Cody"),
                        edit("create", "path", "NOTES.md", "file_text", "Updated by Cody Batch.\n"));
                default -> reply("end_turn", text("Greeted Cody in README.md <b>bold?</b>"
                        + "<script>window.pwned = 1</script> and added NOTES.md."));
            };
            case ANALYSIS -> turn == 0
                    ? reply("tool_use", edit("view", "path", "README.md"))
                    : reply("end_turn", text("## Findings\n\nREADME.md has one greeting line."));
            case SERVER_ERRORS -> new MockResponse.Builder().code(500).addHeader("content-type", "application/json")
                    .addHeader("request-id", requestId()).addHeader("retry-after-ms", "1")
                    .body("{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"Internal server error\"}}")
                    .build();
            case BAD_REQUEST -> error(400, "invalid_request_error", "messages.0.content: Input should be a valid list");
            case ENDLESS_TOOLS -> reply("tool_use", edit("view", "path", "../outside.txt"));
            case GREET_ONCE -> turn == 0 ? reply("tool_use", edit("view", "path", "README.md"))
                    : turn > 1 ? reply("end_turn", text("Greeted Cody in README.md."))
                    : lastMessage(body).contains("Hello, Cody") ? reply("end_turn", text("README.md already greets Cody."))
                    : reply("tool_use", text("README.md does not greet Cody yet."),
                            edit("str_replace", "path", "README.md", "old_str", "Hello", "new_str", "Hello, Cody"));
            case REPAIR -> repair(turn, body.path("messages"));
        };
    }

    private static String lastMessage(JsonNode body) {
        JsonNode messages = body.path("messages");
        return messages.path(messages.size() - 1).toString();
    }

    private MockResponse repair(int turn, JsonNode messages) {
        if (turn == 0) {
            return reply("tool_use", text("I will update README.md and add NOTES.md."),
                    edit("str_replace", "path", "README.md", "old_str", "Hello", "new_str", "Hello, Cody"),
                    edit("create", "path", "NOTES.md", "file_text", "TODO: greet Cody\n"));
        }
        JsonNode last = messages.get(messages.size() - 1).path("content").path(0);
        if (last.path("type").asText().equals("text") && last.path("text").asText().contains(TODO_FAILURE)) {
            return reply("tool_use", text("The check says NOTES.md still has a TODO; fixing it."),
                    edit("str_replace", "path", "NOTES.md", "old_str", "TODO: greet Cody", "new_str", "Greeted Cody."));
        }
        return reply("end_turn", text(turn == 1 ? "Greeted Cody in README.md and added NOTES.md."
                : last.path("type").asText().equals("tool_result") ? "Removed the TODO from NOTES.md."
                : "I could not make the check pass."));
    }

    /** The repository a request is about, read from its system prompt. */
    public static String repository(JsonNode system) {
        String text = system.isArray() ? system.path(0).path("text").asText() : system.asText();
        Matcher m = REPOSITORY.matcher(text);
        return m.find() ? m.group(1) : "?";
    }

    private MockResponse reply(String stopReason, ObjectNode... blocks) {
        ObjectNode body = MAPPER.createObjectNode().put("id", "msg_" + ids.incrementAndGet()).put("type", "message")
                .put("role", "assistant").put("model", MODEL);
        ArrayNode content = body.putArray("content");
        for (ObjectNode block : blocks) {
            content.add(block);
        }
        body.put("stop_reason", stopReason).putNull("stop_sequence");
        body.putObject("usage").put("input_tokens", 1200).put("output_tokens", 80)
                .put("cache_creation_input_tokens", 300).put("cache_read_input_tokens", 0);
        return new MockResponse.Builder().code(200).addHeader("content-type", "application/json")
                .addHeader("request-id", requestId())
                .addHeader("anthropic-ratelimit-requests-remaining", "49")
                .body(body.toString()).build();
    }

    private static ObjectNode text(String text) {
        return MAPPER.createObjectNode().put("type", "text").put("text", text);
    }

    private ObjectNode edit(String command, String... keyValues) {
        ObjectNode block = MAPPER.createObjectNode().put("type", "tool_use").put("id", "toolu_" + ids.incrementAndGet())
                .put("name", "str_replace_based_edit_tool");
        ObjectNode input = block.putObject("input").put("command", command);
        for (int i = 0; i < keyValues.length; i += 2) {
            input.put(keyValues[i], keyValues[i + 1]);
        }
        return block;
    }

    private MockResponse error(int code, String type, String message) {
        return new MockResponse.Builder().code(code).addHeader("content-type", "application/json")
                .addHeader("request-id", requestId())
                .body("{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"" + message + "\"}}")
                .build();
    }

    private String requestId() {
        return "req_011CV" + ids.incrementAndGet();
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("content-type", "application/json")
                .addHeader("request-id", "req_models").body(body).build();
    }

    /**
     * Serves the fake on a port until killed, for trying the CLI or scripts/cody-batch by hand.
     * Arguments: API key the fake accepts, optionally the port (default: any free one), how many milliseconds
     * each answer about a repository whose name contains "slow" takes (default 0), then REPOSITORY=MODE pairs
     * (acme/quiet=NO_CHANGE) for conversations other than {@link Mode#EDIT}.
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        MockWebServer server = new MockWebServer();
        FakeAnthropic fake = new FakeAnthropic(args.length > 0 ? args[0] : "sk-ant-fake")
                .slow(args.length > 2 ? Long.parseLong(args[2]) : 0);
        for (int i = 3; i < args.length; i++) {
            String[] pair = args[i].split("=", 2);
            fake.mode(pair[0], Mode.valueOf(pair[1]));
        }
        server.setDispatcher(fake);
        server.setServerSocketFactory(new NoDelayServerSockets());
        server.start(args.length > 1 ? Integer.parseInt(args[1]) : 0);
        System.out.println("Fake Anthropic API at " + server.url("/"));
        System.out.flush();
        Thread.currentThread().join();
    }
}
