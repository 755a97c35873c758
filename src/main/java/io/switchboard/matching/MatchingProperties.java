package io.switchboard.matching;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param defaultRegion      ISO 3166 region assumed for phone numbers written without a country code
 * @param cacheTtl           how long a found record is remembered for its email, number, domain or id; only finds
 *                           are cached, so a record created meanwhile is never hidden by a remembered miss
 * @param accountDomainField the Account field holding the company's web address or domain (standard: Website)
 * @param foldSubdomains     whether sales.acme.co.uk counts as acme.co.uk (the registrable domain, by the public
 *                           suffix list)
 * @param freeMailDomains    domains anyone can have an address at: they never identify an Account
 */
@ConfigurationProperties("switchboard.matching")
public record MatchingProperties(
        @DefaultValue("US") String defaultRegion,
        @DefaultValue("30s") Duration cacheTtl,
        @DefaultValue("Website") String accountDomainField,
        @DefaultValue("true") boolean foldSubdomains,
        List<String> freeMailDomains) {

    /** Consumer mail providers; an operator replaces the whole list with switchboard.matching.free-mail-domains. */
    public static final List<String> DEFAULT_FREE_MAIL = List.of("gmail.com", "googlemail.com", "outlook.com",
            "hotmail.com", "hotmail.co.uk", "hotmail.fr", "live.com", "msn.com", "yahoo.com", "yahoo.co.uk",
            "yahoo.fr", "ymail.com", "aol.com", "icloud.com", "me.com", "mac.com", "proton.me", "protonmail.com",
            "gmx.com", "gmx.de", "gmx.net", "web.de", "t-online.de", "mail.com", "yandex.ru", "yandex.com",
            "mail.ru", "qq.com", "163.com", "126.com", "zoho.com", "fastmail.com", "hey.com", "orange.fr", "free.fr",
            "laposte.net", "libero.it", "seznam.cz", "wp.pl", "naver.com", "rediffmail.com");

    /** A field name goes into SOQL as is, so it must be a plain API name and never anything else. */
    private static final Pattern API_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,79}");

    @ConstructorBinding
    public MatchingProperties {
        if (cacheTtl == null || cacheTtl.isNegative()) {
            throw new IllegalArgumentException("switchboard.matching.cache-ttl must be zero (no cache) or positive");
        }
        if (accountDomainField == null || !API_NAME.matcher(accountDomainField).matches()) {
            throw new IllegalArgumentException("switchboard.matching.account-domain-field must be a field API name"
                    + " such as Website or Domain__c, not '" + accountDomainField + "'");
        }
        freeMailDomains = (freeMailDomains == null ? DEFAULT_FREE_MAIL : freeMailDomains).stream().map(d -> d.trim().toLowerCase(Locale.ROOT)).filter(d -> !d.isEmpty()).toList();
    }

    /** The defaults with another phone region (for tests and tools). */
    public MatchingProperties(String defaultRegion) {
        this(defaultRegion, Duration.ofSeconds(30), "Website", true, null);
    }
}
