package io.switchboard.privacy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Masks emails and phone numbers in text bound for logs: enough is left to recognise a record, not a person. */
public final class Pii {

    /** Anything shaped like local@domain, unicode and unfinished addresses too: better masked once too often. */
    private static final Pattern EMAIL = Pattern.compile("([^\\s@\"'<>(),;:\\[\\]])[^\\s@\"'<>(),;:\\[\\]]*@([^\\s@\"'<>(),;:\\[\\]]+)");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    /** Digits, separated or not, standing alone (not inside a Salesforce id or another word). */
    private static final Pattern PHONE = Pattern.compile("(?<![A-Za-z0-9])\\+?\\d[\\d\\s().-]{5,}\\d(?![A-Za-z0-9])");

    private Pii() {
    }

    public static String mask(String text) {
        if (text == null) {
            return null;
        }
        String masked = EMAIL.matcher(text).replaceAll("$1***@$2");
        Matcher m = PHONE.matcher(masked);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String digits = m.group().replaceAll("\\D", "");
            if (digits.length() < 7 || DATE.matcher(m.group()).matches()) {
                m.appendReplacement(out, Matcher.quoteReplacement(m.group()));
            } else {
                m.appendReplacement(out, Matcher.quoteReplacement("***" + digits.substring(digits.length() - 2)));
            }
        }
        m.appendTail(out);
        return out.toString();
    }
}
