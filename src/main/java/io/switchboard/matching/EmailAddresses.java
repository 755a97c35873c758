package io.switchboard.matching;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Email addresses as one comparable form: trimmed and lower-case (Salesforce stores and compares them in lower
 * case). Only addresses a Salesforce Email field accepts count, as Salesforce documents them (Knowledge article
 * 000384328, "Email Address Format Technical Standards Validation"): a local part of ASCII letters, digits and
 * {@code !#$%&'*+/=?^_`{|}~-.}, with dots anywhere but first (consecutive dots and a final dot are accepted, for
 * Japanese providers); a domain of ASCII letter, digit and hyphen labels (an internationalized domain in its
 * {@code xn--} form); at most 80 characters. Non-ASCII addresses need Email Address Internationalization, which an
 * org must activate: without it Salesforce refuses them (INVALID_EMAIL_ADDRESS), so they are ignored here with a note
 * rather than dead-lettering the event. Anything else is not an address, and matching says so instead of querying.
 */
public final class EmailAddresses {

    /** The length of Salesforce's standard Email fields. */
    public static final int MAX_LENGTH = 80;

    private static final String LABEL = "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?";
    private static final Pattern VALID = Pattern.compile(
            "[a-z0-9!#$%&'*+/=?^_`{|}~-][a-z0-9!#$%&'*+/=?^_`{|}~.-]*@" + LABEL + "(\\." + LABEL + ")+");

    private EmailAddresses() {
    }

    /** The part after the last {@code @} (the whole text when there is none). */
    public static String domain(String email) {
        return email.substring(email.lastIndexOf('@') + 1);
    }

    /** The comparable form, or empty when the text is not an address Salesforce would store. */
    public static Optional<String> normalize(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String email = text.strip().toLowerCase(Locale.ROOT);
        return email.length() <= MAX_LENGTH && VALID.matcher(email).matches() ? Optional.of(email) : Optional.empty();
    }
}
