package io.jenkins.plugins.codybatch.engine.repo.github;

import io.jenkins.plugins.codybatch.engine.repo.RepositoryException;
import io.jenkins.plugins.codybatch.engine.results.Json;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.kohsuke.github.GHAppInstallationToken;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.HttpException;

/**
 * GitHub App credentials: signs a short-lived JWT (RS256, java.security only) with the App's private key and
 * exchanges it (through github-api's App API) for an installation token, which is cached and refreshed five minutes
 * before it expires.
 */
public final class GitHubAppAuth implements GitHubAuth {

    private static final Duration REFRESH_MARGIN = Duration.ofMinutes(5);

    private final String appId;
    private final PrivateKey privateKey;
    private final long installationId;
    private final String apiUrl;
    private final OkHttpClient http;
    private final Clock clock;
    private String token;
    private Instant expiresAt = Instant.MIN;

    /**
     * @param pemPrivateKey the App's private key as downloaded from GitHub (PKCS#1 "RSA PRIVATE KEY") or PKCS#8
     */
    public GitHubAppAuth(String appId, String pemPrivateKey, long installationId, String apiUrl, OkHttpClient http, Clock clock)
            throws RepositoryException {
        this.appId = appId.trim();
        this.privateKey = parsePrivateKey(pemPrivateKey);
        this.installationId = installationId;
        this.apiUrl = GitHubClient.normalize(apiUrl);
        this.http = http;
        this.clock = clock;
    }

    @Override
    public synchronized String token() throws RepositoryException {
        if (token == null || clock.instant().plus(REFRESH_MARGIN).isAfter(expiresAt)) {
            fetchInstallationToken();
        }
        return token;
    }

    @Override
    public String describe() {
        return "GitHub App " + appId + " (installation " + installationId + ")";
    }

    /** github-api's App API: GET /app, GET /app/installations/{id}, POST …/access_tokens, signed with the JWT. */
    private void fetchInstallationToken() throws RepositoryException {
        GitHub asApp = GitHubClient.build(GitHubClient.builder(apiUrl, http,
                new RateLimits(clock, Sleeper.SYSTEM, Duration.ofMinutes(15))).withJwtToken(jwt()));
        try {
            GHAppInstallationToken created = asApp.getApp().getInstallationById(installationId).createToken().create();
            token = created.getToken();
            expiresAt = created.getExpiresAt().toInstant();
        } catch (HttpException e) {
            throw new RepositoryException("Could not get an installation token for " + describe() + " (HTTP "
                    + e.getResponseCode() + " " + GitHubClient.gitHubMessage(e.getMessage()) + "). Check the App id, the"
                    + " private key and the installation id, and that the App is installed on the organization.");
        } catch (FileNotFoundException e) {
            throw new RepositoryException("Could not get an installation token for " + describe() + " (HTTP 404 Not Found)."
                    + " Check the installation id, and that the App is installed on the organization.");
        } catch (IOException e) {
            throw new RepositoryException("Could not reach the GitHub API at " + apiUrl + " to get an App installation token ("
                    + e.getClass().getSimpleName() + "). Check the API URL, network and proxy settings.");
        }
    }

    /** The App's JWT: issued a minute in the past against clock drift, valid for nine minutes (GitHub allows ten). */
    String jwt() throws RepositoryException {
        long now = clock.instant().getEpochSecond();
        try {
            String header = base64Url(Json.MAPPER.writeValueAsBytes(Map.of("alg", "RS256", "typ", "JWT")));
            String payload = base64Url(Json.MAPPER.writeValueAsBytes(Map.of("iat", now - 60, "exp", now + 540, "iss", appId)));
            Signature signer = Signature.getInstance("SHA256withRSA");
            signer.initSign(privateKey);
            signer.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
            return header + "." + payload + "." + base64Url(signer.sign());
        } catch (IOException | GeneralSecurityException e) {
            throw new RepositoryException("Could not sign the GitHub App JWT (" + e.getClass().getSimpleName()
                    + "). Check that the private key is the App's RSA key.");
        }
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static PrivateKey parsePrivateKey(String pem) throws RepositoryException {
        boolean pkcs1 = pem.contains("BEGIN RSA PRIVATE KEY");
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            byte[] der = Base64.getDecoder().decode(base64);
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs1 ? wrapPkcs1(der) : der));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new RepositoryException("The GitHub App private key could not be read. Paste the whole .pem file GitHub"
                    + " generated, including the BEGIN/END lines.");
        }
    }

    /** Wraps a PKCS#1 RSAPrivateKey in a PKCS#8 PrivateKeyInfo, which java.security reads. */
    private static byte[] wrapPkcs1(byte[] pkcs1) {
        byte[] version = {0x02, 0x01, 0x00};
        byte[] rsaAlgorithm = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
        byte[] octets = der(0x04, pkcs1);
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        content.writeBytes(version);
        content.writeBytes(rsaAlgorithm);
        content.writeBytes(octets);
        return der(0x30, content.toByteArray());
    }

    private static byte[] der(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = length > 0xffffff ? 4 : length > 0xffff ? 3 : length > 0xff ? 2 : 1;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write((length >> (8 * i)) & 0xff);
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }
}
