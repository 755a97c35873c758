package io.switchboard.ingress.vendor;

import com.dashjoin.jsonata.Jsonata;
import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The functions a mapping may call beside JSONata's own:
 * <ul>
 *   <li>{@code $e164(number)}: a phone number in E.164 ({@code +14155550134}), read in the default region when it
 *       has no country code; a text that is no number is given back as it is (matching ignores it with a note);</li>
 *   <li>{@code $rfc2822(text)}: an RFC 2822 date ({@code Mon, 16 Aug 2010 03:45:01 +0000}, as Twilio writes it) as
 *       RFC 3339; undefined when it is none.</li>
 * </ul>
 */
public final class JsonataFunctions {

    private final String defaultRegion;

    public JsonataFunctions(String defaultRegion) {
        this.defaultRegion = defaultRegion;
    }

    void registerOn(Jsonata expression) {
        expression.registerFunction("e164", (String number) -> e164(number));
        expression.registerFunction("rfc2822", (String text) -> rfc2822(text));
    }

    String e164(String number) {
        if (number == null || number.isBlank()) {
            return null;
        }
        PhoneNumberUtil util = PhoneNumberUtil.getInstance();
        try {
            return util.format(util.parse(number, defaultRegion), PhoneNumberUtil.PhoneNumberFormat.E164);
        } catch (NumberParseException e) {
            return number;
        }
    }

    static String rfc2822(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
