package io.jenkins.plugins.codybatch.jenkins;

import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

/** One GET of a build page endpoint through mocked Stapler objects, and what it answered. */
final class PageRequest {

    final StaplerRequest2 req = mock(StaplerRequest2.class);
    final StaplerResponse2 rsp = mock(StaplerResponse2.class);
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    final Map<String, String> headers = new ConcurrentHashMap<>();
    int status = 200;
    String contentType;

    private PageRequest(String restOfPath) throws IOException {
        when(req.getRestOfPath()).thenReturn(restOfPath);
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
        doAnswer(inv -> status = inv.getArgument(0)).when(rsp).sendError(anyInt());
        doAnswer(inv -> status = inv.getArgument(0)).when(rsp).sendError(anyInt(), anyString());
        doAnswer(inv -> contentType = inv.getArgument(0)).when(rsp).setContentType(anyString());
        doAnswer(inv -> headers.put(inv.getArgument(0), inv.getArgument(1))).when(rsp).setHeader(anyString(), anyString());
    }

    /** GET repo/&lt;path&gt; (path as Stapler hands it over: "/acme__a/patch.diff"). */
    static PageRequest repo(CodyBatchAction action, String path) throws IOException {
        PageRequest request = new PageRequest(path);
        action.doRepo(request.req, request.rsp);
        return request;
    }

    /** A request to hand to any other endpoint; its answer is read back the same way. */
    static PageRequest blank() throws IOException {
        return new PageRequest("");
    }

    /** GET summary. */
    static PageRequest summary(CodyBatchAction action) throws IOException {
        PageRequest request = new PageRequest("");
        action.doSummary(request.req, request.rsp);
        return request;
    }

    String body() {
        return body.toString(StandardCharsets.UTF_8);
    }
}
