package io.switchboard.emulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answer to {@code /query?q=...&columns=true}: the columns a query selects, without running it. Not in the REST
 * API Developer Guide; the shape is the one real orgs give (and the Developer Console and {@code sf data query}
 * read): {@code columnMetadata} (columnName, displayName, joinColumns for parent fields, aggregate, types and
 * access flags), entityName, groupBy, idSelected, keyPrefix.
 */
final class QueryColumns {

    private QueryColumns() {
    }

    static Map<String, Object> describe(SoqlQuery query) {
        List<Map<String, Object>> columns = new ArrayList<>();
        if (query.aggregate() || query.countOnly()) {
            columns.add(aggregate(query.countOnly() ? "expr0" : query.countAlias()));
        } else {
            for (SoqlQuery.FieldPath path : query.fields()) {
                columns.add(column(path));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("columnMetadata", columns);
        out.put("entityName", query.object().name());
        out.put("groupBy", false);
        out.put("idSelected", query.fields().stream().anyMatch(p -> p.direct() && p.field().name().equals("Id")));
        out.put("keyPrefix", query.object().keyPrefix());
        return out;
    }

    /** A direct field, or a parent field nested as joinColumns under each relationship name. */
    private static Map<String, Object> column(SoqlQuery.FieldPath path) {
        Map<String, Object> leaf = field(path.field());
        for (int i = path.references().size() - 1; i >= 0; i--) {
            FieldDef reference = path.references().get(i);
            Map<String, Object> parent = base(reference.relationshipName(), reference.relationshipName());
            parent.put("apexType", null);
            parent.put("custom", reference.custom());
            parent.put("foreignKeyName", reference.name());
            parent.put("joinColumns", List.of(leaf));
            leaf = parent;
        }
        return leaf;
    }

    private static Map<String, Object> field(FieldDef f) {
        Map<String, Object> m = base(f.name(), f.label() == null ? f.name() : f.name());
        m.put("apexType", apexType(f.type()));
        m.put("booleanType", f.type() == FieldType.BOOLEAN);
        m.put("custom", f.custom());
        m.put("foreignKeyName", null);
        m.put("insertable", f.createable());
        m.put("joinColumns", List.of());
        m.put("numberType", f.type().isNumeric());
        m.put("textType", f.type().isText());
        m.put("updatable", f.updateable());
        return m;
    }

    private static Map<String, Object> aggregate(String alias) {
        Map<String, Object> m = base(alias, "COUNT(Id)");
        m.put("aggregate", true);
        m.put("apexType", "Integer");
        m.put("booleanType", false);
        m.put("custom", false);
        m.put("foreignKeyName", null);
        m.put("insertable", false);
        m.put("joinColumns", List.of());
        m.put("numberType", true);
        m.put("textType", false);
        m.put("updatable", false);
        return m;
    }

    private static Map<String, Object> base(String columnName, String displayName) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("aggregate", false);
        m.put("columnName", columnName);
        m.put("displayName", displayName);
        return m;
    }

    private static String apexType(FieldType type) {
        return switch (type) {
            case ID, REFERENCE -> "Id";
            case BOOLEAN -> "Boolean";
            case INT -> "Integer";
            case DOUBLE, CURRENCY, PERCENT -> "Double";
            case DATE -> "Date";
            case DATETIME -> "Datetime";
            case BASE64 -> "Blob";
            default -> "String";
        };
    }
}
