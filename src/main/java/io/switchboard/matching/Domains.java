package io.switchboard.matching;

import com.google.common.net.InternetDomainName;
import java.net.IDN;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Company domains as one comparable form, whatever a person typed or a CRM user stored: "https://www.Acme.com/about",
 * "acme.com:443", "ACME.COM." and "www.acme.com" are all {@code acme.com}. Internationalized names are compared in
 * their ASCII (punycode) form. With sub-domain folding on, a host counts as its registrable domain by the public
 * suffix list (Guava's copy of it): sales.acme.co.uk is acme.co.uk, but acme.github.io stays itself because
 * github.io is a public suffix. Free-mail domains never identify a company.
 */
@Component
public class Domains {

    private final boolean fold;
    private final Set<String> freeMail;

    public Domains(MatchingProperties properties) {
        this.fold = properties.foldSubdomains();
        this.freeMail = Set.copyOf(properties.freeMailDomains());
    }

    /** The comparable domain of a web address or bare domain; empty when the text is no usable domain. */
    public Optional<String> normalize(String text) {
        return host(text).map(this::comparable);
    }

    /** The comparable domain of an email address's domain; empty for an invalid address or a free-mail domain. */
    public Optional<String> ofEmail(String email) {
        if (email == null || email.indexOf('@') < 0) {
            return Optional.empty();
        }
        return companyDomain(EmailAddresses.domain(email));
    }

    /** Like {@link #normalize} but empty for free-mail domains, which no company owns. */
    public Optional<String> companyDomain(String text) {
        return host(text).filter(h -> !isFreeMail(h)).map(this::comparable);
    }

    public boolean isFreeMail(String host) {
        return freeMail.contains(host) || freeMail.contains(registrable(host));
    }

    /**
     * What a stored value must contain to possibly be this domain: the registrable domain, in ASCII and, for an
     * internationalized name, also in Unicode (users store either). Used for a coarse LIKE query, verified in Java.
     */
    public Set<String> searchForms(String domain) {
        Set<String> forms = new LinkedHashSet<>();
        String registrable = registrable(domain);
        forms.add(registrable);
        String unicode = IDN.toUnicode(registrable, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        forms.add(unicode);
        return forms;
    }

    private String comparable(String host) {
        return fold ? registrable(host) : host;
    }

    /** The domain a company registers (acme.co.uk for sales.acme.co.uk), or the host when it has no known suffix. */
    private static String registrable(String host) {
        try {
            InternetDomainName name = InternetDomainName.from(host);
            return name.isUnderPublicSuffix() ? name.topPrivateDomain().toString() : host;
        } catch (IllegalArgumentException | IllegalStateException e) {
            return host;
        }
    }

    /** The lower-case ASCII host of a URL or domain, without www., port, path, user info or trailing dot. */
    static Optional<String> host(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String s = text.strip();
        int scheme = s.indexOf("://");
        if (scheme >= 0) {
            s = s.substring(scheme + 3);
        } else if (s.startsWith("//")) {
            s = s.substring(2);
        }
        int end = firstOf(s, "/?#\\ ");
        s = end >= 0 ? s.substring(0, end) : s;
        s = s.substring(s.lastIndexOf('@') + 1);
        int port = s.lastIndexOf(':');
        if (port >= 0) {
            s = s.substring(0, port);
        }
        while (s.endsWith(".")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.isEmpty()) {
            return Optional.empty();
        }
        String ascii;
        try {
            ascii = IDN.toASCII(s, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (ascii.startsWith("www.")) {
            ascii = ascii.substring(4);
        }
        if (!InternetDomainName.isValid(ascii) || ascii.indexOf('.') < 0) {
            return Optional.empty();
        }
        InternetDomainName name = InternetDomainName.from(ascii);
        // "co.uk" or "com" alone is a suffix anyone registers under, never a company's domain
        return name.isPublicSuffix() ? Optional.empty() : Optional.of(ascii);
    }

    private static int firstOf(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
