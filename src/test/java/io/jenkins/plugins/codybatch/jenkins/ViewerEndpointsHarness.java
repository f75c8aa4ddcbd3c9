package io.jenkins.plugins.codybatch.jenkins;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import hudson.model.Run;
import io.jenkins.plugins.codybatch.engine.batch.ResultFiles;
import io.jenkins.plugins.codybatch.engine.report.HtmlReport;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jenkins.model.ArtifactManager;
import jenkins.util.VirtualFile;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

/**
 * The build page's results viewer over HTTP, fed by {@link CodyBatchAction}'s real endpoints (summary, repo/...)
 * over a results folder laid out as a build's artifacts. The page's div carries the data URLs exactly as
 * CodyBatchAction/index.jelly builds them: the template is read from the Jelly file and filled with the action's own
 * getters. (No Jenkins here: the run is a mock, so permissions are not checked; dev/real-jenkins checks them for real.)
 */
public final class ViewerEndpointsHarness implements AutoCloseable {

    public static final String ROOT_URL = "/jenkins";
    public static final String RUN_URL = "job/nightly/7/";

    private final HttpServer server;
    private final String pagePath;
    /** Every request path the page made, with its status. */
    public final List<String> requests = new CopyOnWriteArrayList<>();

    /**
     * The build page of a batch.
     *
     * @param outputDir a results folder (summary.json, repos/...), served as the artifacts of the action's page
     * @param extraHead HTML put first in the page's head (a test's instrumentation), or ""
     */
    public ViewerEndpointsHarness(Path outputDir, String extraHead) throws IOException {
        this(buildPage(outputDir), extraHead);
    }

    private ViewerEndpointsHarness(Page page, String extraHead) throws IOException {
        this.pagePath = page.path();
        String html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\">" + extraHead
                + "<link rel=\"stylesheet\" href=\"" + ROOT_URL + "/adjuncts/viewer.css\"></head><body>" + page.div()
                + "<script src=\"" + ROOT_URL + "/adjuncts/viewer.js\"></script></body></html>";
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String path = URLDecoder.decode(exchange.getRequestURI().getRawPath(), StandardCharsets.UTF_8);
            int status;
            if (path.equals(pagePath)) {
                status = send(exchange, 200, "text/html;charset=UTF-8", html);
            } else if (path.equals("/favicon.ico")) { // Jenkins serves one; a 404 would be a console error
                status = send(exchange, 200, "image/x-icon", "");
            } else if (path.equals(ROOT_URL + "/adjuncts/viewer.js")) {
                status = send(exchange, 200, "text/javascript", HtmlReport.viewerScript());
            } else if (path.equals(ROOT_URL + "/adjuncts/viewer.css")) {
                status = send(exchange, 200, "text/css", HtmlReport.viewerStyle());
            } else {
                String endpoint = page.endpoints().keySet().stream().filter(path::startsWith).findFirst().orElse(null);
                status = endpoint == null ? send(exchange, 404, "text/plain", "not found")
                        : stapler(exchange, path.substring(endpoint.length()), page.endpoints().get(endpoint));
            }
            requests.add(status + " " + path);
        });
        server.start();
    }

    /** A job's campaign page (CodyBatchJobAction/index.jelly), fed by the action's trend endpoint. */
    public static ViewerEndpointsHarness campaignPage(CodyBatchJobAction action) throws IOException {
        String actionPath = ROOT_URL + "/" + action.getJob().getUrl() + action.getUrlName() + "/";
        String trendUrl = fill(attribute(jelly("CodyBatchJobAction"), "data-trend-url"), Map.of("${rootURL}", ROOT_URL,
                "${it.job.url}", action.getJob().getUrl(), "${it.urlName}", action.getUrlName()));
        return new ViewerEndpointsHarness(new Page(actionPath, "<div id=\"cody-batch-campaign\" data-trend-url=\""
                + trendUrl + "\"></div>", Map.of(actionPath + "trend", (req, rsp) -> action.doTrend(req, rsp))), "");
    }

    private static Page buildPage(Path outputDir) throws IOException {
        CodyBatchAction action = new CodyBatchAction(OutputLayout.ROOT, "nightly #7", ResultFiles.readSummary(outputDir));
        Run<?, ?> run = mock(Run.class);
        when(run.getUrl()).thenReturn(RUN_URL);
        ArtifactManager artifacts = mock(ArtifactManager.class);
        when(artifacts.root()).thenReturn(new LocalFile(null, outputDir));
        when(run.getArtifactManager()).thenReturn(artifacts);
        action.onAttached(run);
        String actionPath = ROOT_URL + "/" + RUN_URL + action.getUrlName() + "/";
        Map<String, String> values = Map.of("${rootURL}", ROOT_URL, "${it.run.url}", RUN_URL,
                "${it.urlName}", action.getUrlName(), "${it.summaryPath}", action.getSummaryPath(),
                "${it.repoPath}", action.getRepoPath());
        String jelly = jelly("CodyBatchAction");
        String div = "<div id=\"cody-batch-viewer\" data-summary-url=\"" + fill(attribute(jelly, "data-summary-url"), values)
                + "\" data-repo-url=\"" + fill(attribute(jelly, "data-repo-url"), values) + "\"></div>";
        Map<String, Endpoint> endpoints = new LinkedHashMap<>();
        endpoints.put(actionPath + "summary", (req, rsp) -> action.doSummary(req, rsp));
        endpoints.put(actionPath + "repo", (req, rsp) -> action.doRepo(req, rsp));
        return new Page(actionPath, div, endpoints);
    }

    /** A page: where it is, its viewer element, and the action endpoints under it (by path prefix). */
    private record Page(String path, String div, Map<String, Endpoint> endpoints) {}

    /** The page's URL: the action's page under the run, as Jenkins serves it. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + pagePath;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** A page's Jelly view, whose attributes the harness fills exactly as Jenkins would. */
    private static String jelly(String action) throws IOException {
        return Files.readString(Path.of("src/main/resources/io/jenkins/plugins/codybatch/jenkins/" + action
                + "/index.jelly"));
    }

    private static String attribute(String jelly, String name) {
        Matcher m = Pattern.compile(name + "=\"([^\"]+)\"").matcher(jelly);
        if (!m.find()) {
            throw new IllegalStateException("index.jelly has no " + name);
        }
        return m.group(1);
    }

    private static String fill(String template, Map<String, String> values) {
        String value = template;
        for (Map.Entry<String, String> v : values.entrySet()) {
            value = value.replace(v.getKey(), v.getValue());
        }
        if (value.contains("${")) {
            throw new IllegalStateException("index.jelly uses an expression the harness does not know: " + value);
        }
        return value;
    }

    private interface Endpoint {
        void handle(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException;
    }

    /** Calls an action method with a Stapler request and response over the exchange. */
    private static int stapler(HttpExchange exchange, String restOfPath, Endpoint endpoint) throws IOException {
        StaplerRequest2 req = mock(StaplerRequest2.class);
        when(req.getRestOfPath()).thenReturn(restOfPath);
        StaplerResponse2 rsp = mock(StaplerResponse2.class);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int[] status = {200};
        String[] type = {"application/octet-stream"};
        when(rsp.getOutputStream()).thenReturn(new ServletOutputStream() {
            @Override
            public void write(int b) {
                body.write(b);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {}
        });
        doAnswer(call -> {
            type[0] = call.getArgument(0);
            return null;
        }).when(rsp).setContentType(anyString());
        doAnswer(call -> {
            exchange.getResponseHeaders().add(call.getArgument(0), call.getArgument(1));
            return null;
        }).when(rsp).setHeader(anyString(), anyString());
        doAnswer(call -> {
            status[0] = call.getArgument(0);
            return null;
        }).when(rsp).sendError(anyInt());
        doAnswer(call -> {
            status[0] = call.getArgument(0);
            return null;
        }).when(rsp).sendError(anyInt(), any());
        endpoint.handle(req, rsp);
        exchange.getResponseHeaders().set("Content-Type", type[0]);
        byte[] bytes = body.toByteArray();
        exchange.sendResponseHeaders(status[0], bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
        return status[0];
    }

    private static int send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
        return status;
    }

    /** The build's artifacts: its cody-batch folder is the results folder. */
    private static final class LocalFile extends VirtualFile {
        private final Path target;
        private final Path outputDir;

        /** @param target null for the artifacts' root */
        LocalFile(Path target, Path outputDir) {
            this.target = target;
            this.outputDir = outputDir;
        }

        @Override
        public VirtualFile child(String name) {
            if (target == null) {
                return new LocalFile(name.equals(OutputLayout.ROOT) ? outputDir : outputDir.resolve("no-such-folder"),
                        outputDir);
            }
            return new LocalFile(target.resolve(name), outputDir);
        }

        @Override
        public boolean isFile() {
            return target != null && Files.isRegularFile(target);
        }

        @Override
        public InputStream open() throws IOException {
            return Files.newInputStream(target);
        }
    }
}
