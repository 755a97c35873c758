package io.switchboard.emulator;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The OAuth 2.0 token endpoint: password, client credentials, refresh token and JWT bearer grants, with
 * Salesforce's response and error shapes. Access tokens live until revoked or until {@link #expireAll()}.
 * As in Salesforce, none of the emulated grants issues a refresh token (the username-password, client credentials
 * and JWT bearer flows never do; the web-server and user-agent flows that do are not emulated): tests that need one
 * get it from {@link #issueRefreshToken()}, standing for an authorization a user once gave in a browser.
 */
final class OAuthServer {

    /** A token response or an OAuth error: status 200 or 400 (401 for a bad client on some grants). */
    record TokenResponse(int status, Map<String, Object> body) {
    }

    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private final EmulatorSettings settings;
    private final Org org;
    private final Clock clock;
    private final String baseUrl;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, String> accessTokens = new ConcurrentHashMap<>();
    private final Map<String, String> refreshTokens = new ConcurrentHashMap<>();

    OAuthServer(EmulatorSettings settings, Org org, Clock clock, String baseUrl) {
        this.settings = settings;
        this.org = org;
        this.clock = clock;
        this.baseUrl = baseUrl;
    }

    /** The user an access token belongs to, or null when it is unknown, revoked or expired. */
    String userFor(String accessToken) {
        return accessToken == null ? null : accessTokens.get(accessToken);
    }

    void revoke(String token) {
        if (token != null) {
            accessTokens.remove(token);
            refreshTokens.remove(token);
        }
    }

    void expireAll() {
        accessTokens.clear();
    }

    TokenResponse token(Map<String, String> form) {
        String grant = form.get("grant_type");
        if (grant == null) {
            return error("unsupported_grant_type", "grant type not supported");
        }
        return switch (grant) {
            case "password" -> password(form);
            case "client_credentials" -> clientCredentials(form);
            case "refresh_token" -> refresh(form);
            case "urn:ietf:params:oauth:grant-type:jwt-bearer" -> jwt(form);
            default -> error("unsupported_grant_type", "grant type not supported");
        };
    }

    private TokenResponse password(Map<String, String> form) {
        TokenResponse clientError = checkClient(form, true);
        if (clientError != null) {
            return clientError;
        }
        if (!settings.username().equals(form.get("username")) || !settings.password().equals(form.get("password"))) {
            return error("invalid_grant", "authentication failure");
        }
        // Salesforce's username-password flow issues no refresh token, whatever scopes the app has
        return issue(org.integrationUserId(), null, null);
    }

    private TokenResponse clientCredentials(Map<String, String> form) {
        TokenResponse clientError = checkClient(form, true);
        if (clientError != null) {
            return clientError;
        }
        // the connected app's "run as" user is the integration user
        return issue(org.integrationUserId(), null, "api");
    }

    private TokenResponse refresh(Map<String, String> form) {
        TokenResponse clientError = checkClient(form, form.containsKey("client_secret"));
        if (clientError != null) {
            return clientError;
        }
        String user = refreshTokens.get(String.valueOf(form.get("refresh_token")));
        if (user == null) {
            return error("invalid_grant", "expired access/refresh token");
        }
        return issue(user, null, "api refresh_token");
    }

    /** A refresh token for the integration user, as the web-server flow would have issued it. */
    String issueRefreshToken() {
        String refresh = newToken();
        refreshTokens.put(refresh, org.integrationUserId());
        return refresh;
    }

    private TokenResponse jwt(Map<String, String> form) {
        String assertion = form.get("assertion");
        if (assertion == null) {
            return error("invalid_grant", "invalid assertion");
        }
        String[] parts = assertion.split("\\.");
        if (parts.length != 3) {
            return error("invalid_grant", "invalid assertion");
        }
        JsonNode header;
        JsonNode claims;
        byte[] signature;
        try {
            Base64.Decoder decoder = Base64.getUrlDecoder();
            header = Json.MAPPER.readTree(decoder.decode(parts[0]));
            claims = Json.MAPPER.readTree(decoder.decode(parts[1]));
            signature = decoder.decode(parts[2]);
        } catch (Exception e) {
            return error("invalid_grant", "invalid assertion");
        }
        if (!"RS256".equals(header.path("alg").asText())) {
            return error("invalid_grant", "invalid assertion");
        }
        if (!settings.clientId().equals(claims.path("iss").asText())) {
            return error("invalid_client_id", "client identifier invalid");
        }
        if (settings.jwtCertificate() == null || !verify(parts[0] + "." + parts[1], signature)) {
            return error("invalid_grant", "invalid signature");
        }
        String audience = claims.path("aud").asText();
        if (!Set.of(baseUrl, baseUrl + "/", "https://login.salesforce.com", "https://test.salesforce.com")
                .contains(audience)) {
            return error("invalid_grant", "audience is invalid");
        }
        long exp;
        try {
            // Camel sends exp as a JSON string, the JWT spec as a number: both are accepted by Salesforce
            exp = Long.parseLong(claims.path("exp").asText());
        } catch (NumberFormatException e) {
            return error("invalid_grant", "invalid assertion");
        }
        if (exp * 1000 < clock.millis()) {
            return error("invalid_grant", "expired authorization code");
        }
        if (!settings.username().equals(claims.path("sub").asText())) {
            return error("invalid_grant", "user hasn't approved this consumer");
        }
        return issue(org.integrationUserId(), null, "api");
    }

    private boolean verify(String signedText, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(settings.jwtCertificate().getPublicKey());
            verifier.update(signedText.getBytes(StandardCharsets.US_ASCII));
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private TokenResponse checkClient(Map<String, String> form, boolean secretRequired) {
        if (!settings.clientId().equals(form.get("client_id"))) {
            return error("invalid_client_id", "client identifier invalid");
        }
        if (secretRequired && !settings.clientSecret().equals(form.get("client_secret"))) {
            return error("invalid_client", "invalid client credentials");
        }
        return null;
    }

    /** The identity URL of a user: {@code {host}/id/{orgId}/{userId}}, both 18-character ids. */
    String identityUrl(String userId) {
        return baseUrl + "/id/" + org.orgId() + "/" + userId;
    }

    private TokenResponse issue(String userId, String refreshToken, String scope) {
        String accessToken = org.orgId().substring(0, 15) + "!" + newToken();
        accessTokens.put(accessToken, userId);
        String issuedAt = Long.toString(clock.millis());
        String id = identityUrl(userId);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", accessToken);
        if (refreshToken != null) {
            body.put("refresh_token", refreshToken);
        }
        body.put("signature", sign(id + issuedAt));
        if (scope != null) {
            body.put("scope", scope);
        }
        body.put("instance_url", baseUrl);
        body.put("id", id);
        body.put("token_type", "Bearer");
        body.put("issued_at", issuedAt);
        return new TokenResponse(200, body);
    }

    private String sign(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(settings.clientSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private String newToken() {
        StringBuilder token = new StringBuilder(96);
        for (int i = 0; i < 96; i++) {
            token.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return token.toString();
    }

    private static TokenResponse error(String error, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", description);
        return new TokenResponse(400, body);
    }
}
