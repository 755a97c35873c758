package io.switchboard.matching;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Phone numbers as one comparable form, E.164, whatever way a person or a CRM user typed them. */
@Component
public class PhoneNumbers {

    private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    private final String defaultRegion;
    /**
     * Parsing and formatting are the costly parts, and a batch meets the same numbers many times (the event's, the
     * forms sought, every phone field of every record found): the texts seen recently are remembered, a bounded
     * number of them, with their E.164 and search digits; and so are the stored forms of the numbers sought.
     */
    private final Cache<String, Optional<Known>> parsed = CacheBuilder.newBuilder().maximumSize(50_000).build();
    private final Cache<String, List<String>> forms = CacheBuilder.newBuilder().maximumSize(20_000).build();

    /** A possible number, with the forms every lookup needs. */
    private record Known(PhoneNumber number, String e164, String digits) {
    }

    public PhoneNumbers(MatchingProperties properties) {
        this.defaultRegion = properties.defaultRegion();
    }

    /** E.164 ("+14155550134"), extensions dropped; empty when the text is not a possible number. */
    public Optional<String> toE164(String text) {
        return parse(text).map(Known::e164);
    }

    /**
     * The digits a phone search compares: the national significant number ("4155550134"), which is contained in
     * every stored form of the number, with or without country code and punctuation.
     */
    public Optional<String> searchDigits(String text) {
        return parse(text).map(Known::digits);
    }

    /**
     * The forms a number is most often stored in, for an exact query that sees records the search index does not
     * show yet: E.164 ("+14155550134", what Switchboard and most integrations write), international
     * ("+1 415-555-0134", how people outside the number's country type it) and national ("(415) 555-0134", what
     * people type at home and Salesforce's page layout makes of ten US digits). Each form costs query length on
     * every field it is compared with, so rarer forms are left to the search.
     */
    public List<String> storedForms(String e164) {
        Optional<Known> known = parse(e164);
        if (known.isEmpty()) {
            return List.of();
        }
        List<String> remembered = forms.getIfPresent(known.get().e164());
        if (remembered == null) {
            PhoneNumber n = known.get().number();
            remembered = java.util.stream.Stream.of(known.get().e164(),
                    util.format(n, PhoneNumberUtil.PhoneNumberFormat.INTERNATIONAL),
                    util.format(n, PhoneNumberUtil.PhoneNumberFormat.NATIONAL)).distinct().toList();
            forms.put(known.get().e164(), remembered);
        }
        return remembered;
    }

    private Optional<Known> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        if (text.length() > 64) {
            // no number is this long: not worth remembering, nor the memory a flood of such texts would take
            return parseAnew(text);
        }
        Optional<Known> known = parsed.getIfPresent(text);
        if (known == null) {
            known = parseAnew(text);
            parsed.put(text, known);
        }
        return known;
    }

    private Optional<Known> parseAnew(String text) {
        try {
            PhoneNumber number = util.parse(text, defaultRegion);
            return util.isPossibleNumber(number)
                    ? Optional.of(new Known(number, util.format(number, PhoneNumberUtil.PhoneNumberFormat.E164),
                    util.getNationalSignificantNumber(number)))
                    : Optional.empty();
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }
}
