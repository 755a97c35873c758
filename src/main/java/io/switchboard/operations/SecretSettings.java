package io.switchboard.operations;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.stereotype.Component;

/**
 * Masks secrets in the actuator's {@code env} and {@code configprops} (shown to admins only): every setting whose
 * name says it holds a secret — Kafka's SASL/JAAS and SSL passwords, Salesforce's client secret, password, refresh
 * token and keystore password, the webhook producers' secrets and tokens, the console database's password, the
 * operators' password hashes — by its property name or its environment variable, and the password of any URL
 * carrying one ({@code jdbc:postgresql://user:pass@host}).
 */
@Component
public class SecretSettings implements SanitizingFunction {

    /** Words of a setting's name (lower case, separators removed) that say it holds a secret. */
    private static final List<String> SECRET_WORDS = List.of("password", "passwd", "secret", "token", "credential",
            "jaas", "apikey", "privatekey", "accesskey", "signingkey", "keystorekey", "keystorecertificatechain");
    private static final Pattern URL_PASSWORD = Pattern.compile("(//[^/:@\\s]*:)[^@/\\s]+@");
    /** A password as a URL's parameter (jdbc:postgresql://db/sb?password=...). */
    private static final Pattern PARAMETER_PASSWORD = Pattern.compile("(?i)([?&;](?:password|sslpassword)=)[^&;\\s]*");

    @Override
    public SanitizableData apply(SanitizableData data) {
        if (data.getValue() == null) {
            return data;
        }
        if (isSecret(data.getKey())) {
            return data.withSanitizedValue();
        }
        if (data.getValue() instanceof CharSequence value
                && (URL_PASSWORD.matcher(value).find() || PARAMETER_PASSWORD.matcher(value).find())) {
            String masked = URL_PASSWORD.matcher(value).replaceAll("$1" + SanitizableData.SANITIZED_VALUE + "@");
            return data.withValue(PARAMETER_PASSWORD.matcher(masked).replaceAll("$1" + SanitizableData.SANITIZED_VALUE));
        }
        return data;
    }

    static boolean isSecret(String key) {
        if (key == null) {
            return false;
        }
        String words = key.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        return SECRET_WORDS.stream().anyMatch(words::contains);
    }
}
