package io.jenkins.plugins.codybatch.jenkins;

import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.ProxyConfiguration;
import hudson.model.Item;
import hudson.security.ACL;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.codybatch.engine.Engine;
import io.jenkins.plugins.codybatch.engine.EngineSettings;
import io.jenkins.plugins.codybatch.engine.claude.PriceTable;
import io.jenkins.plugins.codybatch.engine.claude.Redactor;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import jenkins.model.GlobalConfiguration;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * Manage Jenkins &gt; System &gt; Cody Batch, and {@code unclassified: codyBatch:} in configuration as code.
 * Holds credential ids, never secrets.
 */
@Extension
@Symbol("codyBatch")
public class CodyBatchGlobalConfiguration extends GlobalConfiguration {

    static final String DEFAULT_API_URL = "https://api.anthropic.com";
    static final String DEFAULT_GITHUB_API_URL = "https://api.github.com";
    static final int DEFAULT_PARALLELISM = 4;

    private String anthropicApiBaseUrl = DEFAULT_API_URL;
    private String defaultModel;
    private String anthropicCredentialsId;
    private String githubCredentialsId;
    private String gitHubApiUrl = DEFAULT_GITHUB_API_URL;
    private long gitHubAppInstallationId;
    private String allowedRepositories;
    private String priceTable;
    private int defaultParallelism = DEFAULT_PARALLELISM;
    private String defaultLabel;

    private transient ConnectionCheck connectionCheck = EngineWiring.connectionCheck();
    private transient GlobalCredentialsLookup credentialsLookup = CodyBatchGlobalConfiguration::findGlobalCredentials;

    /** Finds a credential on the Jenkins level, for the Test connection button; null when there is none. */
    interface GlobalCredentialsLookup {
        StandardCredentials find(String id);
    }

    public CodyBatchGlobalConfiguration() {
        load();
    }

    public static CodyBatchGlobalConfiguration get() {
        return ExtensionList.lookupSingleton(CodyBatchGlobalConfiguration.class);
    }

    public String getAnthropicApiBaseUrl() { return anthropicApiBaseUrl; }

    @DataBoundSetter
    public void setAnthropicApiBaseUrl(String value) {
        anthropicApiBaseUrl = blank(value) ? DEFAULT_API_URL : value.strip();
        save();
    }

    public String getDefaultModel() { return defaultModel; }

    @DataBoundSetter
    public void setDefaultModel(String value) {
        defaultModel = trim(value);
        save();
    }

    public String getAnthropicCredentialsId() { return anthropicCredentialsId; }

    @DataBoundSetter
    public void setAnthropicCredentialsId(String value) {
        anthropicCredentialsId = trim(value);
        save();
    }

    public String getGithubCredentialsId() { return githubCredentialsId; }

    @DataBoundSetter
    public void setGithubCredentialsId(String value) {
        githubCredentialsId = trim(value);
        save();
    }

    public String getGitHubApiUrl() { return gitHubApiUrl; }

    @DataBoundSetter
    public void setGitHubApiUrl(String value) {
        gitHubApiUrl = blank(value) ? DEFAULT_GITHUB_API_URL : value.strip();
        save();
    }

    /** The installation of the GitHub App, when the GitHub credentials are an App; 0 when not set. */
    public long getGitHubAppInstallationId() { return gitHubAppInstallationId; }

    @DataBoundSetter
    public void setGitHubAppInstallationId(long value) {
        gitHubAppInstallationId = Math.max(0, value);
        save();
    }

    /** owner/name glob patterns, one per line; empty allows every repository. */
    public String getAllowedRepositories() { return allowedRepositories; }

    @DataBoundSetter
    public void setAllowedRepositories(String value) {
        allowedRepositories = trim(value);
        save();
    }

    public List<String> allowedRepositoryPatterns() {
        return BatchOptions.lines(allowedRepositories);
    }

    /** Price overrides, one {@code model=input/output} (US dollars per million tokens) per line or comma. */
    public String getPriceTable() { return priceTable; }

    @DataBoundSetter
    public void setPriceTable(String value) {
        priceTable = trim(value);
        save();
    }

    /** @throws IllegalArgumentException naming the bad line */
    public Map<String, PriceTable.Price> prices() {
        return parsePrices(priceTable);
    }

    private static Map<String, PriceTable.Price> parsePrices(String text) {
        return PriceTable.parse(String.join(",", BatchOptions.lines(text)));
    }

    public int getDefaultParallelism() { return defaultParallelism; }

    @DataBoundSetter
    public void setDefaultParallelism(int value) {
        defaultParallelism = value < 1 ? DEFAULT_PARALLELISM : Math.min(value, OptionsCheck.MAX_PARALLELISM);
        save();
    }

    public String getDefaultLabel() { return defaultLabel; }

    @DataBoundSetter
    public void setDefaultLabel(String value) {
        defaultLabel = trim(value);
        save();
    }

    /** The proxy of Manage Jenkins &gt; Plugins &gt; Advanced, or null. */
    ProxyConfiguration jenkinsProxy() {
        return Jenkins.get().getProxy();
    }

    void setConnectionCheck(ConnectionCheck check) {
        connectionCheck = check;
    }

    void setCredentialsLookup(GlobalCredentialsLookup lookup) {
        credentialsLookup = lookup;
    }

    @POST
    public FormValidation doCheckAnthropicApiBaseUrl(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return OptionsCheck.toForm(httpsUrl("Anthropic API base URL", value));
    }

    @POST
    public FormValidation doCheckGitHubApiUrl(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return OptionsCheck.toForm(httpsUrl("GitHub API URL", value));
    }

    @POST
    public FormValidation doCheckPriceTable(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        try {
            parsePrices(value);
            return FormValidation.ok();
        } catch (IllegalArgumentException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    @POST
    public FormValidation doCheckAllowedRepositories(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        for (String pattern : BatchOptions.lines(value)) {
            if (!pattern.matches("[A-Za-z0-9_.*?-]+/[A-Za-z0-9_.*?-]+")) {
                return FormValidation.error("'" + pattern + "' is not an owner/name pattern such as acme/* or"
                        + " acme/service-?.");
            }
        }
        return blank(value)
                ? FormValidation.warning("Empty: jobs may work on every repository their GitHub credentials reach.")
                : FormValidation.ok();
    }

    @POST
    public FormValidation doCheckDefaultParallelism(@QueryParameter int value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return value < 1 ? FormValidation.error("Use 1 or more.") : OptionsCheck.toForm(OptionsCheck.parallelism(value));
    }

    @POST
    public ListBoxModel doFillAnthropicCredentialsIdItems(@AncestorInPath Item item,
            @QueryParameter String anthropicCredentialsId) {
        return CredentialsLists.anthropic(item, anthropicCredentialsId);
    }

    @POST
    public ListBoxModel doFillGithubCredentialsIdItems(@AncestorInPath Item item,
            @QueryParameter String githubCredentialsId) {
        return CredentialsLists.gitHub(item, githubCredentialsId);
    }

    /**
     * The Test connection button: runs the engine's checks (Anthropic key and model; GitHub credentials when
     * chosen) with the credentials of the form, through Jenkins' proxy, and shows every check's verdict.
     */
    @POST
    public FormValidation doTestConnection(@QueryParameter String anthropicApiBaseUrl,
            @QueryParameter String anthropicCredentialsId, @QueryParameter String defaultModel,
            @QueryParameter String githubCredentialsId, @QueryParameter String gitHubApiUrl,
            @QueryParameter String gitHubAppInstallationId) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        String urlProblem = firstNonNull(httpsUrl("Anthropic API base URL", anthropicApiBaseUrl),
                httpsUrl("GitHub API URL", gitHubApiUrl));
        if (urlProblem != null) {
            return FormValidation.error(urlProblem);
        }
        if (blank(anthropicCredentialsId)) {
            return FormValidation.error("Choose the Anthropic credentials (Secret text) to test.");
        }
        if (!(credentialsLookup.find(anthropicCredentialsId.strip()) instanceof StringCredentials key)) {
            return FormValidation.error("Credentials '" + anthropicCredentialsId + "' were not found on the Jenkins"
                    + " level or are not Secret text.");
        }
        CredentialsResolver.Secrets secrets = new CredentialsResolver.Secrets(key.getSecret().getPlainText(), null,
                null, null);
        if (!blank(githubCredentialsId)) {
            secrets = CredentialsResolver.withGitHub(secrets.anthropicApiKey(),
                    credentialsLookup.find(githubCredentialsId.strip()));
            if (secrets == null) {
                return FormValidation.error(CredentialsResolver.unsupportedGitHub(githubCredentialsId) + ".");
            }
        }
        long installationId;
        try {
            installationId = blank(gitHubAppInstallationId) ? 0 : Long.parseLong(gitHubAppInstallationId.strip());
        } catch (NumberFormatException e) {
            return FormValidation.error("The GitHub App installation id must be a number, was '"
                    + gitHubAppInstallationId + "'.");
        }
        EngineSettings settings = new EngineSettings(secrets.anthropicApiKey(), trim(anthropicApiBaseUrl),
                trim(defaultModel), 0, Map.of(), trim(gitHubApiUrl), secrets.gitHubToken(), secrets.gitHubAppId(),
                secrets.gitHubAppPrivateKey(), installationId, allowedRepositoryPatterns(),
                EngineWiring.proxy(jenkinsProxy()));
        Redactor mask = EngineWiring.redactor(settings);
        try {
            List<Engine.Check> checks = connectionCheck.check(settings);
            String report = checks.stream().map(c -> (c.ok() ? "OK " : "FAILED ") + c.name() + ": " + c.message())
                    .collect(Collectors.joining(" "));
            return checks.stream().allMatch(Engine.Check::ok)
                    ? FormValidation.ok(mask.redact(report))
                    : FormValidation.error(mask.redact(report));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FormValidation.error("The connection test was interrupted.");
        } catch (RuntimeException e) {
            return FormValidation.error("Connection test failed: " + mask.redact(String.valueOf(e.getMessage())));
        }
    }

    private static StandardCredentials findGlobalCredentials(String id) {
        return CredentialsMatchers.firstOrNull(
                CredentialsProvider.lookupCredentialsInItemGroup(StandardCredentials.class, Jenkins.get(), ACL.SYSTEM2,
                        List.of()),
                CredentialsMatchers.withId(id));
    }

    private static String firstNonNull(String first, String second) {
        return first != null ? first : second;
    }

    static String httpsUrl(String what, String value) {
        if (blank(value)) {
            return null;
        }
        try {
            URI uri = URI.create(value.strip());
            if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
                return what + " must be an http(s) URL such as https://api.example.com, was '" + value + "'.";
            }
            return null;
        } catch (IllegalArgumentException e) {
            return what + " is not a URL: '" + value + "'.";
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static String trim(String value) {
        return blank(value) ? null : value.strip();
    }
}
