package io.switchboard.emulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds describe results (global, object basic info, full object describe) from the schema. */
final class Describer {

    private Describer() {
    }

    static Map<String, Object> global(Schema schema, String version) {
        List<Map<String, Object>> objects = new ArrayList<>();
        for (ObjectDef def : schema.objects()) {
            objects.add(summary(def, version));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("encoding", "UTF-8");
        out.put("maxBatchSize", 200);
        out.put("sobjects", objects);
        return out;
    }

    static Map<String, Object> basicInfo(ObjectDef def, String version) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("objectDescribe", summary(def, version));
        out.put("recentItems", List.of());
        return out;
    }

    private static Map<String, Object> summary(ObjectDef def, String version) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("activateable", false);
        m.put("createable", def.writable());
        m.put("custom", def.custom());
        m.put("customSetting", false);
        m.put("deletable", def.writable());
        m.put("deprecatedAndHidden", false);
        m.put("feedEnabled", false);
        m.put("keyPrefix", def.keyPrefix());
        m.put("label", def.label());
        m.put("labelPlural", def.labelPlural());
        m.put("layoutable", true);
        m.put("mergeable", false);
        m.put("mruEnabled", false);
        m.put("name", def.name());
        m.put("queryable", true);
        m.put("replicateable", true);
        m.put("retrieveable", true);
        m.put("searchable", true);
        m.put("triggerable", true);
        m.put("undeletable", true);
        m.put("updateable", def.writable());
        String base = "/services/data/v" + version + "/sobjects/" + def.name();
        Map<String, Object> urls = new LinkedHashMap<>();
        urls.put("sobject", base);
        urls.put("describe", base + "/describe");
        urls.put("rowTemplate", base + "/{ID}");
        m.put("urls", urls);
        return m;
    }

    static Map<String, Object> describe(Schema schema, ObjectDef def, String version) {
        Map<String, Object> m = summary(def, version);
        List<Map<String, Object>> fields = new ArrayList<>();
        for (FieldDef f : def.fields()) {
            fields.add(field(f));
        }
        m.put("fields", fields);
        m.put("childRelationships", childRelationships(schema, def));
        m.put("recordTypeInfos", List.of());
        return m;
    }

    private static Map<String, Object> field(FieldDef f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("autoNumber", false);
        m.put("byteLength", f.type().isText() || f.type().isIdLike() ? f.length() * 3 : 0);
        m.put("calculated", f.calculated());
        m.put("caseSensitive", false);
        m.put("createable", f.createable());
        m.put("custom", f.custom());
        m.put("defaultValue", f.defaultValue());
        m.put("defaultedOnCreate", f.defaultedOnCreate());
        m.put("digits", 0);
        m.put("externalId", f.externalId());
        m.put("filterable", true);
        m.put("groupable", f.type() != FieldType.TEXTAREA && f.type() != FieldType.DOUBLE);
        m.put("idLookup", f.idLookup());
        m.put("label", f.label());
        m.put("length", f.type().isText() || f.type().isIdLike() ? f.length() : 0);
        m.put("name", f.name());
        m.put("nameField", f.nameField());
        m.put("nillable", f.nillable());
        List<Map<String, Object>> values = new ArrayList<>();
        for (String v : f.picklistValues()) {
            Map<String, Object> pv = new LinkedHashMap<>();
            pv.put("active", true);
            pv.put("defaultValue", v.equals(f.defaultValue()));
            pv.put("label", v);
            pv.put("validFor", null);
            pv.put("value", v);
            values.add(pv);
        }
        m.put("picklistValues", values);
        m.put("precision", f.type().isNumeric() ? f.precision() : 0);
        m.put("referenceTo", f.referenceTo());
        m.put("relationshipName", f.relationshipName());
        m.put("restrictedPicklist", f.restrictedPicklist());
        m.put("scale", f.scale());
        m.put("soapType", f.type().soapType());
        m.put("sortable", f.type() != FieldType.TEXTAREA);
        m.put("type", f.type().describeName());
        m.put("unique", f.unique());
        m.put("updateable", f.updateable());
        return m;
    }

    /** Child relationships are derived: each reference from another object to this one, named by plural label. */
    private static List<Map<String, Object>> childRelationships(Schema schema, ObjectDef parent) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ObjectDef child : schema.objects()) {
            for (FieldDef f : child.fields()) {
                if (f.type() == FieldType.REFERENCE && f.referenceTo().contains(parent.name()) && f.createable()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("cascadeDelete", false);
                    m.put("childSObject", child.name());
                    m.put("field", f.name());
                    m.put("relationshipName", childRelationshipName(child));
                    out.add(m);
                }
            }
        }
        return out;
    }

    static String childRelationshipName(ObjectDef child) {
        return pluralize(child.name());
    }

    private static String pluralize(String name) {
        if (name.endsWith("__c")) {
            return name.substring(0, name.length() - 1) + "r";
        }
        if (name.endsWith("y")) {
            return name.substring(0, name.length() - 1) + "ies";
        }
        return name + "s";
    }
}
