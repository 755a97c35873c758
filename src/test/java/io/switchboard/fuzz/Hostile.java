package io.switchboard.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * Hostile Kafka records, from jqwik's generators driven with one fixed {@link Random} (see {@link #sample}): the
 * JSON text is written by hand, so that it can hold what no serializer writes (duplicated members, lone surrogates,
 * raw control characters, invalid UTF-8, trailing content, two values, thousands of levels of nesting).
 *
 * <p>Every generated person is unique (emails under {@code fuzz.example.org} with the record's tag, phone numbers
 * +61 4… from the seeded random, which no other test uses; ASCII and non-ASCII digits are taken out of hostile
 * phone texts so that they can never match another test's number), and so is every event id and every activity
 * key (the subject carries the tag), so that nothing here can touch another test's records.
 */
final class Hostile {

    /** jqwik's genSize: how far its generators reach (string lengths, list sizes, integer ranges). */
    static final int GEN_SIZE = 100;
    /** The largest record value generated: under the broker's 1 MiB, with room for a dead letter's headers. */
    static final int MAX_VALUE_BYTES = 1_000_000;

    static final List<String> KNOWN_TYPES = List.of("call.inbound", "call.outbound", "call.missed", "voicemail",
            "call.recording", "sms.inbound", "sms.outbound", "conversation.updated", "web.pageview", "web.form", "campaign.engagement");
    static final String GOOD_TIME = "2026-11-20T15:04:05Z";

    /** One generated record; {@code mustDeadLetter} when it breaks the contract beyond doubt. */
    record Case(String tag, String topic, byte[] key, byte[] value, boolean mustDeadLetter, String description) {
        String preview() {
            return Hostile.preview(value, 240);
        }
    }

    static final String[] INJECTIONS = {
        "' OR Name LIKE '%", "' OR Email != null OR Email = '", "\\' OR Id != null --", "%' OR Phone LIKE '%",
        "x') OR (Name LIKE '%", "'; DELETE FROM Lead; --", "} RETURNING Lead(Id) FIND {*", "*}", "{*", "\\",
        "\\\\", "'", "''", "\\'", "%", "_", "%_%", "*", "?", "\"", "{", "}", "(", ")", "&", "|", "!", "^", "~", ":",
        "+", "-", "AND", "OR", "NOT", " OR ", "\\u0027", "\\n", "${body}", "${header.x}", "{person.email}",
        "#{7*7}", ":bind", "null", "true", "0", "-1", "1e309", "NaN", "\u0000", "../../etc/passwd", "%00", "%27",
        "<script>alert(1)</script>", "Robert'); DROP TABLE Lead;--", "LIMIT 1", "ORDER BY Name", "WHERE Id = ''",
        "IN ALL FIELDS", "\\%", "\\_", "a\\", "Ø'Brien", "O'Whitfield", "FIND {x} IN ALL FIELDS RETURNING Contact"
    };

    static final String[] UNICODE = {
        "\u202E", "\u202D", "\u200F", "\u200E", "\u061C", "\u2066", "\u2069", "שלום", "مرحبا", "עִבְרִית",
        "e\u0301", "\u0301\u0301\u0301", "Z\u0336\u0335\u0334\u0337\u0338", "a\u0308\u0332\u20DD", "\u200B", "\u200D",
        "\uFEFF", "\uFFFE", "\uFFFF", "\uFFFD", "\uD83D\uDE00", "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67",
        "\uD840\uDC00", "\uD869\uDEDF", "\uDB40\uDC01", "\uDB80\uDC00", "\uDBFF\uDFFF", "\uD800", "\uDFFF",
        "\uDC00\uD800", "\u2028", "\u2029", "\u0085", "İ", "ı", "ß", "ﬁ", "Ω", "\u00A0", "\u3000", "０１２",
        "٣٤٥", "𝟘𝟙", "ǅ", "\u1E9E", "日本語", "한국어", "\u0BF5", "\u10FFFF"
    };

    private static final Arbitrary<String> METACHARS = Arbitraries.strings()
            .withChars("'\\\"%_{}()*?&|!^~:+-[]=<>;,.@#$/ ").ofMinLength(1).ofMaxLength(24);
    private static final Arbitrary<String> ANY_PLANE = Arbitraries.integers().between(0, 16)
            .flatMap(plane -> Arbitraries.integers().between(plane << 16, (plane << 16) | 0xFFFF))
            .map(Character::toString).list().ofMinSize(1).ofMaxSize(8).map(l -> String.join("", l));
    private static final Arbitrary<String> CONTROLS = Arbitraries.chars().range('\u0000', '\u001F').with('\u007F')
            .with('\u0080', '\u009F').list().ofMinSize(1).ofMaxSize(4)
            .map(l -> l.stream().map(String::valueOf).reduce("", String::concat));
    private static final Arbitrary<String> PIECE = Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(3, METACHARS), net.jqwik.api.Tuple.of(4, Arbitraries.of(INJECTIONS)),
            net.jqwik.api.Tuple.of(3, Arbitraries.of(UNICODE)), net.jqwik.api.Tuple.of(2, ANY_PLANE),
            net.jqwik.api.Tuple.of(2, CONTROLS), net.jqwik.api.Tuple.of(2, Arbitraries.strings().alpha().ofMaxLength(12)));
    static final Arbitrary<String> TEXT = PIECE.list().ofMinSize(1).ofMaxSize(4).map(l -> String.join("", l));

    private Hostile() {
    }

    /** One value of a jqwik arbitrary, from the given random: the same random gives the same values. */
    static <T> T sample(Arbitrary<T> arbitrary, Random random) {
        return arbitrary.generator(GEN_SIZE).next(random).value();
    }

    // ------------------------------------------------------------------ generation

    /** What one record's generation decided, for its description and its oracle. */
    private static final class Ctx {
        final Random r;
        final String tag;
        /** Whether this record may break the contract's types at all (else: hostile content in valid shapes). */
        final boolean allowWrong;
        /** Whether this record may hold one big value (kilobytes up to close to the broker's limit). */
        boolean bigUsed;
        boolean violation;
        int deepUsed;
        final List<String> notes = new ArrayList<>();
        int phoneSeq;

        Ctx(Random r, String tag) {
            this.r = r;
            this.tag = tag;
            this.allowWrong = r.nextDouble() < 0.4;
            this.bigUsed = r.nextDouble() >= 0.2; // "used" already: no big value in 80 % of the records
            this.deepUsed = r.nextDouble() < 0.25 ? 0 : -1;
        }

        /** True with probability p, when the record may break the contract. */
        boolean wrong(double p) {
            return allowWrong && chance(p);
        }

        boolean chance(double p) {
            return r.nextDouble() < p;
        }

        <T> T pick(List<T> options) {
            return options.get(r.nextInt(options.size()));
        }
    }

    /**
     * The next record from {@code r}. jqwik's generators need a jqwik session outside its engine (their memoizing
     * store); {@link net.jqwik.api.sessions.JqwikSession} is jqwik's API for that. Values still come from {@code r}.
     */
    static Case next(Random r, String tag, String topic) {
        if (net.jqwik.api.sessions.JqwikSession.isActive()) {
            return generate(r, tag, topic);
        }
        net.jqwik.api.sessions.JqwikSession.start();
        try {
            return generate(r, tag, topic);
        } finally {
            net.jqwik.api.sessions.JqwikSession.finish();
        }
    }

    private static Case generate(Random r, String tag, String topic) {
        Ctx c = new Ctx(r, tag);
        String event = event(c);
        byte[] value = event.getBytes(StandardCharsets.UTF_8);
        boolean must = c.violation;
        double roll = r.nextDouble();
        if (roll < 0.05) {
            value = (event + c.pick(List.of("}garbage", "}", " x", "]", "null", ",{}", "\n#", "{}", " \"tail\"")))
                    .getBytes(StandardCharsets.UTF_8);
            c.notes.add("trailing garbage after the object");
            must = true;
        } else if (roll < 0.09) {
            Ctx other = new Ctx(r, tag + "b");
            value = (event + c.pick(List.of("", "\n", " ")) + event(other)).getBytes(StandardCharsets.UTF_8);
            c.notes.add("two JSON values in one record");
            must = true;
        } else if (roll < 0.12) {
            value = c.pick(List.of("[" + event + "]", "\"" + tag + "\"", "42", "null", "true", "   ", "[]", "\"\""))
                    .getBytes(StandardCharsets.UTF_8);
            c.notes.add("not a JSON object");
            must = true;
        } else if (roll < 0.14) {
            value = c.chance(0.5) ? null : new byte[0];
            c.notes.add(value == null ? "null value (tombstone)" : "empty value");
            must = true;
        } else if (roll < 0.19) {
            byte[][] bad = {{(byte) 0xFF}, {(byte) 0x80}, {(byte) 0xC3, 0x28}, {(byte) 0xFE, (byte) 0xFF}};
            value = insertInString(value, bad[r.nextInt(bad.length)], r);
            c.notes.add("invalid UTF-8 bytes inside a string");
            must = true;
        } else if (roll < 0.21) {
            byte[][] odd = {{(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xC0, (byte) 0xAF},
                {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}};
            byte[] bytes = odd[r.nextInt(odd.length)];
            value = insertInString(value, bytes, r);
            c.notes.add("invalid UTF-8 (" + preview(bytes, 20) + ": an encoded surrogate, an overlong form or a code "
                    + "point beyond U+10FFFF, all ill-formed in RFC 3629) inside a string");
            must = true;
        } else if (roll < 0.24) {
            value = insertInString(value, new byte[] {(byte) r.nextInt(0x20)}, r);
            c.notes.add("raw control character inside a string");
            must = true;
        } else if (roll < 0.26) {
            byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
            byte[] out = new byte[bom.length + value.length];
            System.arraycopy(bom, 0, out, 0, bom.length);
            System.arraycopy(value, 0, out, bom.length, value.length);
            value = out;
            c.notes.add("UTF-8 byte order mark before the object");
        } else if (roll < 0.28) {
            int depth = 1000 + r.nextInt(5000);
            value = ("[".repeat(depth) + event + "]".repeat(depth)).getBytes(StandardCharsets.UTF_8);
            c.notes.add("the event inside " + depth + " levels of arrays");
            must = true;
        }
        byte[] key = key(c);
        String description = "topic " + topic + ", key " + preview(key, 60) + ", " + (value == null ? 0 : value.length)
                + " bytes" + (c.notes.isEmpty() ? "" : ": " + String.join("; ", c.notes));
        return new Case(tag, topic, key, value, must, description);
    }

    private static byte[] key(Ctx c) {
        double roll = c.r.nextDouble();
        if (roll < 0.12) {
            return null;
        } else if (roll < 0.2) {
            return new byte[0];
        } else if (roll < 0.35) {
            return (sample(TEXT, c.r) + c.tag).getBytes(StandardCharsets.UTF_8);
        } else if (roll < 0.42) {
            return new byte[] {(byte) 0xFF, (byte) 0xC3, 0x28, 0, 'k'};
        }
        return (c.tag + "@fuzz.example.org").getBytes(StandardCharsets.UTF_8);
    }

    /** Inserts bytes just inside the first string value after the "source" member, else inside the first string. */
    private static byte[] insertInString(byte[] value, byte[] bytes, Random r) {
        String text = new String(value, StandardCharsets.ISO_8859_1);
        int at = text.indexOf("\"source\":\"");
        at = at >= 0 ? at + "\"source\":\"".length() : text.indexOf(":\"") + 2;
        if (at < 2) {
            at = value.length / 2;
        }
        byte[] out = new byte[value.length + bytes.length];
        System.arraycopy(value, 0, out, 0, at);
        System.arraycopy(bytes, 0, out, at, bytes.length);
        System.arraycopy(value, at, out, at + bytes.length, value.length - at);
        return out;
    }

    private static String event(Ctx c) {
        Obj o = new Obj(c);
        if (!c.wrong(0.08)) {
            o.put("specversion", !c.wrong(0.07) ? q("1.0") : violating(c, "specversion", any(c, true)));
        } else {
            c.violation = true;
            c.notes.add("no specversion");
        }
        // The id always carries the tag (unique), unless it is replaced by something that breaks the contract.
        o.required("id", () -> c.pick(List.<java.util.function.Supplier<String>>of(
                () -> q(c.tag), () -> str(c, envelopeText(c) + c.tag), () -> str(c, c.tag + envelopeText(c)),
                () -> c.allowWrong ? bigString(c, "id", c.tag) : q(c.tag))).get());
        o.required("source", () -> c.chance(0.15) ? bigString(c, "source", c.tag)
                : c.chance(0.3) ? q("fuzz-" + c.tag) : str(c, envelopeText(c) + c.tag));
        boolean knownType = !c.wrong(0.3);
        String type = knownType ? c.pick(KNOWN_TYPES) : sample(TEXT, c.r);
        o.required("type", () -> {
            if (!knownType) {
                c.violation = true;
                c.notes.add("unknown type");
            }
            return str(c, type);
        });
        o.required("time", () -> {
            if (!c.wrong(0.25)) {
                return q(c.pick(List.of(GOOD_TIME, "2026-11-20T15:04:05.123+05:30", "2026-11-20T10:04:05-05:00")));
            }
            c.violation = true;
            c.notes.add("time not RFC 3339");
            return str(c, sample(TEXT, c.r));
        });
        if (c.chance(0.6)) {
            o.put("subject", !c.wrong(0.3) ? str(c, envelopeText(c) + c.tag) : c.chance(0.5)
                    ? bigString(c, "subject", c.tag) : wrongOrEmpty(c, "subject", true));
        }
        if (!c.wrong(0.1)) {
            o.put("data", !c.wrong(0.1) ? data(c) : wrongType(c, "data", false));
        } else {
            c.violation = true;
            c.notes.add("no data");
        }
        if (c.chance(0.2)) {
            o.put(sample(TEXT, c.r), any(c, false));
        }
        if (c.chance(0.08)) {
            String member = c.pick(List.of("id", "type", "source", "data", "specversion", "time"));
            o.putRaw(q(member), any(c, false));
            c.notes.add("duplicated member " + member);
            c.violation = false; // which duplicate a reader keeps is its choice: no oracle
        }
        return o.text();
    }

    /**
     * Hostile text for the envelope's strings (id, source, subject). A record that may break the contract gets any
     * text; one that keeps it gets no C0 control characters or DEL there, which a contract may reject (issue 11:
     * "control characters and NUL handled on purpose"), so that it reaches matching and delivery with the rest of
     * its hostile content; its data members keep every character.
     */
    private static String envelopeText(Ctx c) {
        String text = sample(TEXT, c.r);
        if (c.allowWrong) {
            return text;
        }
        StringBuilder b = new StringBuilder();
        text.codePoints().filter(cp -> cp >= 0x20 && cp != 0x7F).forEach(b::appendCodePoint);
        return b.length() == 0 ? "~" : b.toString();
    }

    private static String data(Ctx c) {
        Obj d = new Obj(c);
        if (c.chance(0.85)) {
            d.put("person", !c.wrong(0.1) ? person(c) : wrongType(c, "data.person", false));
        }
        if (c.chance(0.5)) {
            Obj call = new Obj(c);
            call.opt("direction", () -> !c.wrong(0.3) ? q(c.pick(List.of("inbound", "outbound")))
                    : violating(c, "call.direction", str(c, sample(TEXT, c.r))));
            call.opt("answered", () -> !c.wrong(0.2) ? String.valueOf(c.r.nextBoolean()) : wrongType(c, "call.answered", false));
            call.opt("startTime", () -> !c.wrong(0.2) ? q(GOOD_TIME) : violating(c, "call.startTime", str(c, sample(TEXT, c.r))));
            call.opt("durationSeconds", () -> !c.wrong(0.3) ? String.valueOf(c.r.nextInt(100_000))
                    : violating(c, "call.durationSeconds", c.pick(List.of("-1", "1.5", "\"60\"", "1e309",
                            "99999999999999999999999999", "null"))));
            call.opt("waitSeconds", () -> String.valueOf(c.r.nextInt(600)));
            for (String f : List.of("fromNumber", "toNumber", "dialedNumber")) {
                call.opt(f, () -> phone(c, "call." + f));
            }
            call.opt("transferTo", () -> "{\"name\":" + str(c, sample(TEXT, c.r)) + ",\"number\":" + phone(c, "transferTo") + "}");
            call.opt("recordingUrl", () -> textValue(c, "call.recordingUrl"));
            // call.recording's own (its rule writes it into the call's Task): the contract leaves its shape open
            call.opt("recordingDurationSeconds", () -> c.chance(0.7) ? String.valueOf(c.r.nextInt(100_000))
                    : str(c, sample(TEXT, c.r)));
            call.opt("disposition", () -> textValue(c, "call.disposition"));
            d.put("call", call.text());
        }
        if (c.chance(0.45)) {
            Obj agent = new Obj(c);
            agent.opt("email", () -> email(c, "agent.email"));
            agent.opt("name", () -> textValue(c, "agent.name"));
            d.put("agent", agent.text());
        }
        if (c.chance(0.4)) {
            d.put("category", c.chance(0.15) ? q(c.pick(List.of("Spam", "Solicitor", "Robocall"))) : textValue(c, "category"));
        }
        if (c.chance(0.6)) {
            Obj content = new Obj(c);
            for (String f : List.of("transcript", "summary", "sentiment", "message", "comments")) {
                content.opt(f, () -> textValue(c, "content." + f));
            }
            content.opt("tags", () -> !c.wrong(0.2) ? "[" + str(c, sample(TEXT, c.r)) + "," + str(c, sample(TEXT, c.r)) + "]"
                    : violating(c, "content.tags", c.pick(List.of("\"tag\"", "[1,null]", "{}"))));
            d.put("content", content.text());
        }
        if (c.chance(0.35)) {
            Obj web = new Obj(c);
            for (String f : List.of("url", "title", "referrer", "formName", "campaignStatus")) {
                web.opt(f, () -> textValue(c, "web." + f));
            }
            web.opt("campaignId", () -> c.chance(0.5) ? str(c, "701" + sample(TEXT, c.r)) : textValue(c, "web.campaignId"));
            web.opt("durationSeconds", () -> String.valueOf(c.r.nextInt(10_000)));
            web.opt("formFields", () -> freeObject(c));
            d.put("web", web.text());
        }
        if (c.chance(0.35)) {
            d.put("fields", c.deepUsed < 0 ? freeObject(c) : deep(c, "data.fields"));
        }
        if (c.chance(0.15)) {
            d.put(sample(TEXT, c.r), c.deepUsed < 0 ? any(c, false) : deep(c, "an extra data member"));
        }
        return d.text();
    }

    private static String person(Ctx c) {
        Obj p = new Obj(c);
        for (String f : List.of("firstName", "lastName", "name", "company", "title")) {
            p.opt(f, () -> textValue(c, "person." + f));
        }
        p.opt("email", () -> email(c, "person.email"));
        p.opt("phone", () -> phone(c, "person.phone"));
        p.opt("mobile", () -> phone(c, "person.mobile"));
        p.opt("website", () -> c.pick(List.<java.util.function.Supplier<String>>of(
                () -> q("https://www." + c.tag + ".fuzz.example.org/path?x=1"),
                () -> str(c, "https://" + noAt(sample(TEXT, c.r)) + c.tag + ".example.org"),
                () -> textValue(c, "person.website"))).get());
        p.opt("salesforceId", () -> c.pick(List.<java.util.function.Supplier<String>>of(
                () -> str(c, c.pick(List.of("003", "00Q", "001", "00T")) + sample(TEXT, c.r)),
                () -> q(randomId(c)), () -> textValue(c, "person.salesforceId"))).get());
        return p.text();
    }

    /** Emails: unique when valid (the tag, under fuzz.example.org), or invalid in many ways. */
    private static String email(Ctx c, String field) {
        String domain = "@fuzz.example.org";
        return switch (c.r.nextInt(11)) {
            case 0, 1 -> q(c.tag + domain);
            case 2 -> str(c, noAt(sample(TEXT, c.r)) + c.tag + domain);
            case 3 -> str(c, "jörg.ñandú." + c.tag + domain);
            case 4 -> str(c, noAt(sample(TEXT, c.r)) + c.tag);
            case 5 -> q("  " + c.tag.toUpperCase(java.util.Locale.ROOT) + "@FUZZ.example.org ");
            case 6 -> str(c, c.tag + "' OR Email LIKE '%" + domain);
            case 7 -> str(c, c.tag + "@" + noAt(sample(TEXT, c.r)) + ".example.org");
            case 8 -> bigEmail(c, field);
            case 9 -> str(c, c.tag + "@" + sample(Arbitraries.of(UNICODE), c.r) + "fuzz.example.org");
            default -> wrongOrEmpty(c, field, false);
        };
    }

    private static String bigEmail(Ctx c, String field) {
        int size = c.bigUsed ? 9_000 : c.pick(List.of(9_000, 40_000));
        c.bigUsed |= size > 9_000;
        c.notes.add(field + " of " + size + " characters");
        return q("a".repeat(size) + "." + c.tag + "@fuzz.example.org");
    }

    /** Phone texts: a unique +61 4 number, hostile texts without any digit, or both. */
    private static String phone(Ctx c, String field) {
        String unique = "+61 4" + String.format("%02d %03d %03d", c.r.nextInt(100), c.r.nextInt(1000), c.r.nextInt(1000));
        return switch (c.r.nextInt(6)) {
            case 0, 1 -> q(unique);
            case 2 -> str(c, noDigits(sample(TEXT, c.r)));
            case 3 -> str(c, noDigits(sample(TEXT, c.r)) + unique + noDigits(sample(TEXT, c.r)));
            case 4 -> str(c, unique.replace(" ", noDigits(sample(METACHARS, c.r))));
            default -> wrongOrEmpty(c, field, false);
        };
    }

    /** A free-text member: hostile, empty, big, or of the wrong type. */
    private static String textValue(Ctx c, String field) {
        double roll = c.r.nextDouble();
        if (roll < 0.7) {
            return str(c, sample(TEXT, c.r));
        } else if (roll < 0.8 && !c.bigUsed) {
            return bigString(c, field, sample(TEXT, c.r));
        }
        return wrongOrEmpty(c, field, false);
    }

    private static String bigString(Ctx c, String field, String seed) {
        if (c.bigUsed) {
            return str(c, seed);
        }
        c.bigUsed = true;
        if (field.equals("id")) {
            c.violation = true; // the contract's id is at most 200 characters
        }
        int target = c.pick(List.of(5_000, 33_000, 120_000, 400_000, 900_000, 975_000));
        String chunk = esc(c, sample(TEXT, c.r) + " ");
        int bytes = Math.max(1, chunk.getBytes(StandardCharsets.UTF_8).length);
        String text = esc(c, seed) + chunk.repeat(Math.max(1, (target - 4_000) / bytes));
        c.notes.add(field + " of about " + target / 1000 + " KB");
        return "\"" + text + "\"";
    }

    private static String deep(Ctx c, String where) {
        if (c.deepUsed != 0) {
            return "[[[[[]]]]]";
        }
        int depth = c.pick(List.of(33, 64, 200, 1_000, 2_000, 5_000, 20_000));
        c.deepUsed = depth;
        boolean objects = c.chance(0.5);
        c.notes.add(where + " nested " + depth + " levels of " + (objects ? "objects" : "arrays"));
        return objects ? "{\"a\":".repeat(depth) + "1" + "}".repeat(depth) : "[".repeat(depth) + "]".repeat(depth);
    }

    private static String freeObject(Ctx c) {
        Obj o = new Obj(c);
        int n = c.r.nextInt(4);
        for (int i = 0; i < n; i++) {
            o.putRaw(str(c, sample(TEXT, c.r)), any(c, false));
        }
        if (c.chance(0.2)) {
            o.putRaw(q("dup"), q("first"));
            o.putRaw(q("dup"), any(c, false));
        }
        return o.text();
    }

    /** Any JSON value: hostile strings, numbers at the edges, literals, small arrays and objects. */
    private static String any(Ctx c, boolean forRequired) {
        return switch (c.r.nextInt(8)) {
            case 0, 1, 2 -> str(c, sample(TEXT, c.r));
            case 3 -> c.pick(List.of("0", "-0", "1e309", "-1e-400", "123456789012345678901234567890", "0.1", "-1"));
            case 4 -> c.pick(List.of("true", "false", "null"));
            case 5 -> "[" + str(c, sample(TEXT, c.r)) + ",null,{},[]]";
            case 6 -> "{" + str(c, sample(TEXT, c.r)) + ":" + str(c, sample(TEXT, c.r)) + "}";
            default -> q("");
        };
    }

    private static String wrongType(Ctx c, String field, boolean emptyToo) {
        c.violation = true;
        String v = c.pick(List.of("null", "42", "true", "[]", "{}", "[\"x\"]", "\"text\"", "-1.5e3"));
        if (field.equals("data") || field.equals("data.person")) {
            v = v.equals("{}") ? "[]" : v;
        }
        c.notes.add(field + " is " + v);
        return v;
    }

    /** A wrong JSON type, null or an empty string for a string member (only the last may be within the contract). */
    private static String wrongOrEmpty(Ctx c, String field, boolean emptyViolates) {
        if (!c.allowWrong) {
            return c.chance(0.5) && !emptyViolates ? q("") : str(c, sample(TEXT, c.r) + c.tag);
        }
        if (c.chance(0.35)) {
            if (emptyViolates) {
                c.violation = true;
                c.notes.add(field + " is empty");
            }
            return q("");
        }
        c.violation = true;
        String v = c.pick(List.of("null", "42", "true", "[]", "{}", "[\"x\"]", "-1.5e3"));
        c.notes.add(field + " is " + v);
        return v;
    }

    private static String violating(Ctx c, String field, String value) {
        c.violation = true;
        c.notes.add(field + " breaks the schema");
        return value;
    }

    private static String randomId(Ctx c) {
        String chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        StringBuilder b = new StringBuilder(c.pick(List.of("003", "00Q", "001")));
        int len = c.chance(0.5) ? 15 : 18;
        while (b.length() < len) {
            b.append(chars.charAt(c.r.nextInt(chars.length())));
        }
        return b.toString();
    }

    // ------------------------------------------------------------------ JSON text

    /** Members written in order, each member kept or dropped at random (30 % dropped when optional). */
    private static final class Obj {
        final Ctx c;
        final StringBuilder b = new StringBuilder("{");

        Obj(Ctx c) {
            this.c = c;
        }

        void put(String name, String rawValue) {
            putRaw(str(c, name), rawValue);
        }

        void putRaw(String rawName, String rawValue) {
            if (b.length() > 1) {
                b.append(',');
            }
            b.append(rawName).append(':').append(rawValue);
        }

        void opt(String name, java.util.function.Supplier<String> value) {
            if (c.chance(0.7)) {
                put(name, value.get());
            }
        }

        /** A required member: present and as generated, or (rarely) missing, empty or of the wrong type. */
        void required(String name, java.util.function.Supplier<String> value) {
            double roll = c.r.nextDouble();
            if (c.allowWrong && roll < 0.06) {
                c.violation = true;
                c.notes.add("no " + name);
            } else if (c.allowWrong && roll < 0.12) {
                put(name, wrongOrEmpty(c, name, true));
            } else {
                put(name, value.get());
            }
        }

        String text() {
            return b.append('}').toString();
        }
    }

    static String q(String plain) {
        return "\"" + plain + "\"";
    }

    /** A JSON string of any text: lone surrogates and controls escaped, other characters raw or (10 %) escaped. */
    static String str(Ctx c, String text) {
        return "\"" + esc(c, text) + "\"";
    }

    private static String esc(Ctx c, String text) {
        boolean escapeAll = c != null && c.chance(0.1);
        StringBuilder b = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            boolean pair = Character.isHighSurrogate(ch) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1));
            if (ch == '"') {
                b.append("\\\"");
            } else if (ch == '\\') {
                b.append("\\\\");
            } else if (ch < 0x20 || (Character.isSurrogate(ch) && !pair && !(Character.isLowSurrogate(ch)
                    && i > 0 && Character.isHighSurrogate(text.charAt(i - 1)))) || (escapeAll && ch > 0x7E)) {
                b.append(String.format("\\u%04x", (int) ch));
            } else {
                b.append(ch);
            }
        }
        return b.toString();
    }

    private static String noAt(String s) {
        return s.replace("@", "");
    }

    private static String noDigits(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().filter(cp -> !Character.isDigit(cp)).forEach(b::appendCodePoint);
        return b.toString();
    }

    /** Bytes for a human: printable ASCII as is, everything else as \\xNN, cut to {@code max} characters. */
    static String preview(byte[] bytes, int max) {
        if (bytes == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder("\"");
        for (byte x : bytes) {
            if (b.length() >= max) {
                b.append("…(").append(bytes.length).append(" bytes)");
                return b.toString();
            }
            int v = x & 0xFF;
            b.append(v >= 0x20 && v < 0x7F ? String.valueOf((char) v) : String.format("\\x%02X", v));
        }
        return b.append('"').toString();
    }
}
