package io.jenkins.plugins.codybatch.engine;

import io.jenkins.plugins.codybatch.engine.agent.AgentSettings;
import io.jenkins.plugins.codybatch.engine.agent.ClaudeAgent;
import io.jenkins.plugins.codybatch.engine.batch.BatchJob;
import io.jenkins.plugins.codybatch.engine.batch.BatchPreview;
import io.jenkins.plugins.codybatch.engine.agent.SharedSpend;
import io.jenkins.plugins.codybatch.engine.batch.JobSpend;
import io.jenkins.plugins.codybatch.engine.batch.DefaultRepositoryProcessor;
import io.jenkins.plugins.codybatch.engine.batch.PullRequestOptions;
import io.jenkins.plugins.codybatch.engine.batch.RepositoryProcessor;
import io.jenkins.plugins.codybatch.engine.claude.BatchedMessages;
import io.jenkins.plugins.codybatch.engine.claude.ClaudeClient;
import io.jenkins.plugins.codybatch.engine.claude.ClaudeSettings;
import io.jenkins.plugins.codybatch.engine.claude.MessageBatcher;
import io.jenkins.plugins.codybatch.engine.claude.MessageSender;
import io.jenkins.plugins.codybatch.engine.claude.ModelCheck;
import io.jenkins.plugins.codybatch.engine.claude.PriceTable;
import io.jenkins.plugins.codybatch.engine.claude.RateLimiter;
import io.jenkins.plugins.codybatch.engine.claude.Redactor;
import io.jenkins.plugins.codybatch.engine.claude.Sleeper;
import io.jenkins.plugins.codybatch.engine.repo.Allowlist;
import io.jenkins.plugins.codybatch.engine.repo.GitRepositoryService;
import io.jenkins.plugins.codybatch.engine.repo.RepositoryException;
import io.jenkins.plugins.codybatch.engine.repo.RepositorySelection;
import io.jenkins.plugins.codybatch.engine.repo.RepositorySelector;
import io.jenkins.plugins.codybatch.engine.repo.RepositorySettings;
import io.jenkins.plugins.codybatch.engine.repo.github.GitHubAppAuth;
import io.jenkins.plugins.codybatch.engine.repo.github.GitHubAuth;
import io.jenkins.plugins.codybatch.engine.repo.github.GitHubClient;
import io.jenkins.plugins.codybatch.engine.repo.github.TokenAuth;
import io.jenkins.plugins.codybatch.engine.verify.CheckRunner;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import okhttp3.Credentials;
import okhttp3.OkHttpClient;

/**
 * The one place where the engine's parts are put together: the Claude tool loop, git and GitHub, the allowlist.
 * The CLI and the Jenkins layer only fill {@link EngineSettings} and call this.
 */
public final class Engine {

    private final EngineSettings settings;
    private final OkHttpClient http;

    public Engine(EngineSettings settings) {
        this.settings = settings;
        this.http = withProxy(ClaudeClient.defaultHttpClient(claudeSettings(null, 0)), settings.proxy());
    }

    /**
     * The per-repository work of {@code job}: allowlist, clone, tool loop, patch, pull request. Its conversations
     * count their spend against the job's budget among themselves (one meter per processor).
     */
    public RepositoryProcessor processor(BatchJob job) throws RepositoryException {
        return processor(job, new JobSpend(job.budget(), settings.host()));
    }

    /**
     * @param jobSpend the meter the conversations add to and stop on, shared with the batch runner (in Jenkins a
     *                 proxy of the controller's meter when the repository runs on an agent)
     */
    public RepositoryProcessor processor(BatchJob job, SharedSpend jobSpend) throws RepositoryException {
        ClaudeSettings claudeSettings = claudeSettings(job.model(), job.maxTokens());
        ClaudeClient claude = new ClaudeClient(claudeSettings, settings.anthropicApiKey(), http, Sleeper.REAL,
                RateLimiter.shared(claudeSettings.baseUrl(), settings.anthropicApiKey()));
        PriceTable prices = PriceTable.defaults().with(settings.prices());
        Redactor redactor = claude.redactor().plus(settings.secretsAndTheirLines());
        MessageSender sender = job.useBatchApi()
                ? new BatchedMessages(claude, MessageBatcher.shared(claude, settings.anthropicApiKey())) : claude;
        ClaudeAgent agent = new ClaudeAgent(sender, prices, AgentSettings.defaults().withHost(settings.host()), redactor);
        Allowlist allowlist = allowlist(job);
        GitRepositoryService repositories = new GitRepositoryService(gitHub(), allowlist, repositorySettings(job.pullRequests()));
        return new DefaultRepositoryProcessor(agent, repositories, repository -> allowlist.refusal(repository).orElse(null),
                Clock.systemUTC(), new CheckRunner(settings.environment(), redactor), jobSpend);
    }

    /**
     * What {@code job} would do to each repository (a dry run): allowlist, resolve (through the GitHub API for
     * owner/name), push access and forks; nothing is cloned and no model request is made.
     */
    public List<BatchPreview.Entry> preview(BatchJob job) throws RepositoryException, InterruptedException {
        Allowlist allowlist = allowlist(job);
        GitRepositoryService repositories = new GitRepositoryService(gitHub(), allowlist, repositorySettings(job.pullRequests()));
        return new BatchPreview(repositories, repository -> allowlist.refusal(repository).orElse(null), settings.host())
                .of(job);
    }

    private Allowlist allowlist(BatchJob job) {
        return Allowlist.of(job.allowedRepositories()).within(Allowlist.of(settings.allowedRepositories()));
    }

    /** The owner/name of every repository a selection matches, through the GitHub API. */
    public List<String> select(RepositorySelection selection) throws RepositoryException {
        GitHubClient gitHub = gitHub();
        if (gitHub == null) {
            throw new RepositoryException("Selecting repositories by owner or topic needs GitHub credentials:"
                    + " set GITHUB_TOKEN or choose GitHub credentials.");
        }
        return new RepositorySelector(gitHub).select(selection);
    }

    /** One line per check of the set-up (API key and model; GitHub credentials), each saying what to fix. */
    public List<Check> checks() throws InterruptedException {
        List<Check> checks = new ArrayList<>();
        if (settings.anthropicApiKey() == null || settings.anthropicApiKey().isBlank()) {
            checks.add(new Check("Anthropic API", false, "No API key: set ANTHROPIC_API_KEY or choose the credentials holding it."));
        } else {
            ModelCheck model = new ClaudeClient(claudeSettings(null, 0), settings.anthropicApiKey(), http, Sleeper.REAL)
                    .checkModel();
            checks.add(new Check("Anthropic API", model.ok(), model.message()));
        }
        try {
            GitHubClient gitHub = gitHub();
            checks.add(gitHub == null
                    ? new Check("GitHub", true, "No GitHub credentials: repositories can be cloned if public or local,"
                            + " but no pull request can be opened.")
                    : new Check("GitHub", true, gitHub.checkConnection().summary()));
        } catch (RepositoryException e) {
            checks.add(new Check("GitHub", false, e.getMessage()));
        }
        return checks;
    }

    /** The verdict of one set-up check. */
    public record Check(String name, boolean ok, String message) {}

    private ClaudeSettings claudeSettings(String jobModel, int jobMaxTokens) {
        ClaudeSettings claude = ClaudeSettings.defaults();
        if (settings.anthropicBaseUrl() != null && !settings.anthropicBaseUrl().isBlank()) {
            claude = claude.withBaseUrl(settings.anthropicBaseUrl());
        }
        String model = firstNonBlank(jobModel, settings.model());
        if (model != null) {
            claude = claude.withModel(model);
        }
        int maxTokens = jobMaxTokens > 0 ? jobMaxTokens : settings.maxTokens();
        return maxTokens > 0 ? claude.withMaxTokens(maxTokens) : claude;
    }

    private GitHubClient gitHub() throws RepositoryException {
        String apiUrl = firstNonBlank(settings.gitHubApiUrl(), GitHubClient.DEFAULT_API_URL);
        GitHubAuth auth;
        if (settings.gitHubApp()) {
            if (settings.gitHubAppInstallationId() <= 0) {
                throw new RepositoryException("GitHub App " + settings.gitHubAppId() + " needs its installation id:"
                        + " find it in the organization's settings under GitHub Apps and configure it.");
            }
            auth = new GitHubAppAuth(settings.gitHubAppId(), settings.gitHubAppPrivateKey(),
                    settings.gitHubAppInstallationId(), apiUrl, http, Clock.systemUTC());
        } else if (settings.gitHubToken() != null && !settings.gitHubToken().isBlank()) {
            auth = new TokenAuth(settings.gitHubToken());
        } else {
            return null;
        }
        return new GitHubClient(apiUrl, auth, http);
    }

    private static RepositorySettings repositorySettings(PullRequestOptions options) {
        RepositorySettings repositories = RepositorySettings.defaults();
        if (options == null) {
            return repositories;
        }
        repositories = repositories.withSkipCi(options.skipCi()).withForkMode(options.fork(), options.forkOrganization());
        if (options.baseBranch() != null && !options.baseBranch().isBlank()) {
            repositories = repositories.withBaseBranch(options.baseBranch());
        }
        return repositories;
    }

    /**
     * Sends both APIs through the proxy, except hosts named in its no-proxy list. A proxy that asks for a user name
     * (HTTP 407) gets it once as Basic credentials; if it refuses them, the 407 reaches the caller.
     */
    private static OkHttpClient withProxy(OkHttpClient http, EngineSettings.Proxy proxy) {
        if (proxy == null || proxy.host() == null || proxy.host().isBlank()) {
            return http;
        }
        java.net.Proxy through = new java.net.Proxy(java.net.Proxy.Type.HTTP, new InetSocketAddress(proxy.host(), proxy.port()));
        OkHttpClient.Builder builder = http.newBuilder();
        if (proxy.authenticates()) {
            String credentials = Credentials.basic(proxy.user(), proxy.password() == null ? "" : proxy.password(),
                    StandardCharsets.UTF_8);
            builder.proxyAuthenticator((route, response) -> response.request().header("Proxy-Authorization") != null
                    ? null
                    : response.request().newBuilder().header("Proxy-Authorization", credentials).build());
        }
        return builder.proxySelector(new ProxySelector() {
            @Override
            public List<java.net.Proxy> select(URI uri) {
                return bypasses(uri.getHost(), proxy.noProxyHosts()) ? List.of(java.net.Proxy.NO_PROXY) : List.of(through);
            }

            @Override
            public void connectFailed(URI uri, SocketAddress address, IOException e) {
                // OkHttp reports the failure to the caller; nothing to remember here.
            }
        }).build();
    }

    static boolean bypasses(String host, List<String> noProxyHosts) {
        for (String pattern : noProxyHosts) {
            String p = pattern.trim().toLowerCase(java.util.Locale.ROOT);
            String h = host.toLowerCase(java.util.Locale.ROOT);
            if (!p.isEmpty() && (p.startsWith("*.") ? h.endsWith(p.substring(1)) : h.equals(p))) {
                return true;
            }
        }
        return false;
    }

    private static String firstNonBlank(String preferred, String fallback) {
        return preferred != null && !preferred.isBlank() ? preferred : fallback;
    }
}
