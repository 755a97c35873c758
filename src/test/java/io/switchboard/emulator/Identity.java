package io.switchboard.emulator;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The identity service: {@code GET /id/{orgId}/{userId}} (the {@code id} URL of every token response) and the
 * OpenID Connect {@code GET /services/oauth2/userinfo}, with the keys Salesforce documents for them. Both need a
 * valid access token; the identity URL of another user or another org answers 403 / 404 as the service does
 * (the emulator's tokens never carry the "view all users" right).
 */
final class Identity {

    private final Org org;
    private final String baseUrl;

    Identity(Org org, String baseUrl) {
        this.org = org;
        this.baseUrl = baseUrl;
    }

    /** The identity of {@code userId}; {@code version} ("latest", "62.0" or null) fills the API URLs. */
    Map<String, Object> identity(String userId, String version) {
        Map<String, Object> user = org.get("User", userId);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", baseUrl + "/id/" + org.orgId() + "/" + userId);
        out.put("asserted_user", true);
        out.put("user_id", userId);
        out.put("organization_id", org.orgId());
        out.put("username", user.get("Username"));
        out.put("nick_name", nickName(user));
        out.put("display_name", user.get("Name"));
        out.put("email", user.get("Email"));
        out.put("email_verified", true);
        out.put("first_name", user.get("FirstName"));
        out.put("last_name", user.get("LastName"));
        out.put("timezone", "GMT");
        out.put("photos", photos(userId));
        out.put("addr_street", null);
        out.put("addr_city", null);
        out.put("addr_state", null);
        out.put("addr_country", null);
        out.put("addr_zip", null);
        out.put("mobile_phone", user.get("MobilePhone"));
        out.put("mobile_phone_verified", false);
        out.put("is_lightning_login_user", false);
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("created_date", null);
        status.put("body", null);
        out.put("status", status);
        out.put("urls", urls(userId, version == null ? "{version}" : version.equals("latest") ? Org.DEFAULT_VERSION : version));
        out.put("active", Boolean.TRUE.equals(user.get("IsActive")));
        out.put("user_type", "STANDARD");
        out.put("language", "en_US");
        out.put("locale", "en_US");
        out.put("utcOffset", 0);
        out.put("last_modified_date", user.get("LastModifiedDate"));
        out.put("is_app_installed", true);
        return out;
    }

    /** OpenID Connect userinfo of the token's user (claims as Salesforce names them). */
    Map<String, Object> userinfo(String userId) {
        Map<String, Object> user = org.get("User", userId);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sub", baseUrl + "/id/" + org.orgId() + "/" + userId);
        out.put("user_id", userId);
        out.put("organization_id", org.orgId());
        out.put("preferred_username", user.get("Username"));
        out.put("nickname", nickName(user));
        out.put("name", user.get("Name"));
        out.put("email", user.get("Email"));
        out.put("email_verified", true);
        out.put("given_name", user.get("FirstName"));
        out.put("family_name", user.get("LastName"));
        out.put("zoneinfo", "GMT");
        out.put("photos", photos(userId));
        out.put("profile", baseUrl + "/" + userId);
        out.put("picture", baseUrl + "/profilephoto/005/F");
        Map<String, Object> address = new LinkedHashMap<>();
        out.put("address", address);
        out.put("is_salesforce_integration_user", false);
        out.put("urls", urls(userId, "{version}"));
        out.put("active", Boolean.TRUE.equals(user.get("IsActive")));
        out.put("user_type", "STANDARD");
        out.put("language", "en_US");
        out.put("locale", "en_US");
        out.put("utcOffset", 0);
        // userinfo's updated_at is ISO-8601 with a Z, unlike the REST API's datetimes
        out.put("updated_at", String.valueOf(user.get("LastModifiedDate")).replace(".000+0000", "Z"));
        out.put("is_app_installed", true);
        return out;
    }

    private static String nickName(Map<String, Object> user) {
        String username = String.valueOf(user.get("Username"));
        int at = username.indexOf('@');
        return at > 0 ? username.substring(0, at) : username;
    }

    private Map<String, Object> photos(String userId) {
        Map<String, Object> photos = new LinkedHashMap<>();
        photos.put("picture", baseUrl + "/profilephoto/005/F");
        photos.put("thumbnail", baseUrl + "/profilephoto/005/T");
        return photos;
    }

    private Map<String, Object> urls(String userId, String version) {
        String org15 = org.orgId().substring(0, 15);
        Map<String, Object> urls = new LinkedHashMap<>();
        urls.put("enterprise", baseUrl + "/services/Soap/c/" + version + "/" + org15);
        urls.put("metadata", baseUrl + "/services/Soap/m/" + version + "/" + org15);
        urls.put("partner", baseUrl + "/services/Soap/u/" + version + "/" + org15);
        urls.put("rest", baseUrl + "/services/data/v" + version + "/");
        urls.put("sobjects", baseUrl + "/services/data/v" + version + "/sobjects/");
        urls.put("search", baseUrl + "/services/data/v" + version + "/search/");
        urls.put("query", baseUrl + "/services/data/v" + version + "/query/");
        urls.put("recent", baseUrl + "/services/data/v" + version + "/recent/");
        urls.put("tooling_soap", baseUrl + "/services/Soap/T/" + version + "/" + org15);
        urls.put("tooling_rest", baseUrl + "/services/data/v" + version + "/tooling/");
        urls.put("profile", baseUrl + "/" + userId);
        urls.put("feeds", baseUrl + "/services/data/v" + version + "/chatter/feeds");
        urls.put("groups", baseUrl + "/services/data/v" + version + "/chatter/groups");
        urls.put("users", baseUrl + "/services/data/v" + version + "/chatter/users");
        urls.put("feed_items", baseUrl + "/services/data/v" + version + "/chatter/feed-items");
        urls.put("feed_elements", baseUrl + "/services/data/v" + version + "/chatter/feed-elements");
        urls.put("custom_domain", baseUrl);
        return urls;
    }
}
