package io.switchboard.matching;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Email addresses as one comparable form: trimmed and lower-case (Salesforce compares them case-insensitively).
 * Only addresses Salesforce could store count: dot-atom local part, domain of letter-or-digit labels (Unicode
 * allowed). Anything else is not an address, and matching says so instead of sending it to a query.
 */
public final class EmailAddresses {

    private static final Pattern VALID = Pattern.compile(
            "[\\p{L}\\p{N}!#$%&'*+/=?^_`{|}~-]+(\\.[\\p{L}\\p{N}!#$%&'*+/=?^_`{|}~-]+)*"
                    + "@[\\p{L}\\p{N}]([\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?(\\.[\\p{L}\\p{N}]([\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?)+");

    private EmailAddresses() {
    }

    /** The comparable form, or empty when the text is not a valid address (or longer than Salesforce's 80). */
    public static Optional<String> normalize(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String email = text.strip().toLowerCase(Locale.ROOT);
        return email.length() <= 80 && VALID.matcher(email).matches() ? Optional.of(email) : Optional.empty();
    }
}
