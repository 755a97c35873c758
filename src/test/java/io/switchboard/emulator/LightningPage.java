package io.switchboard.emulator;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A plain page of one record at the Lightning record URL ({@code /lightning/r/<object>/<id>/view}), so the links in
 * outcomes and in the console lead somewhere in local mode and in browser tests. Not Salesforce's UI: a table of the
 * record's fields, every value escaped, and 404 for an unknown object or record.
 */
final class LightningPage {

    private static final Pattern RECORD_URL = Pattern.compile("/lightning/r/([A-Za-z0-9_]+)/([A-Za-z0-9]{15,18})/view/?");

    record Page(int status, byte[] html) {
    }

    private LightningPage() {
    }

    static boolean handles(String path) {
        return path.startsWith("/lightning/");
    }

    static Page render(Org org, String path) {
        Matcher m = RECORD_URL.matcher(path);
        if (!m.matches()) {
            return page(404, "Page not found", "<p>This emulator serves record pages only: /lightning/r/&lt;object&gt;/&lt;id&gt;/view</p>");
        }
        Map<String, Object> record;
        try {
            record = org.get(m.group(1), m.group(2));
        } catch (RuntimeException unknownObject) {
            record = null;
        }
        if (record == null) {
            return page(404, "Record not found", "<p>No " + escape(m.group(1)) + " with id " + escape(m.group(2))
                    + " in the emulated org (it may have been deleted).</p>");
        }
        StringBuilder rows = new StringBuilder();
        new TreeMap<>(record).forEach((field, value) -> {
            if (!"attributes".equals(field) && value != null) {
                rows.append("<tr><th>").append(escape(field)).append("</th><td>").append(escape(String.valueOf(value)))
                        .append("</td></tr>\n");
            }
        });
        Object name = record.getOrDefault("Name", record.getOrDefault("Subject", record.get("Id")));
        return page(200, m.group(1) + ": " + name, "<p class=\"object\">" + escape(m.group(1)) + "</p>\n"
                + "<table id=\"record\" data-id=\"" + escape(String.valueOf(record.get("Id"))) + "\">\n" + rows + "</table>");
    }

    private static Page page(int status, String title, String body) {
        String html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title)
                + " | Salesforce org emulator</title>\n<style>body{font-family:sans-serif;margin:2em}th{text-align:left;"
                + "padding-right:2em;color:#555}td,th{border-bottom:1px solid #ddd;padding:.3em}</style></head>\n<body><h1>"
                + escape(title) + "</h1>\n" + body + "\n<p><small>Salesforce org emulator (local mode and tests only)"
                + "</small></p></body></html>\n";
        return new Page(status, html.getBytes(StandardCharsets.UTF_8));
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
