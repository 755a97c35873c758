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

    /** The keys of a global describe's sobjects entries, which a full describe repeats. */
    private static Map<String, Object> summary(ObjectDef def, String version) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("activateable", false);
        m.put("associateEntityType", null);
        m.put("associateParentEntity", null);
        m.put("createable", def.writable());
        m.put("custom", def.custom());
        m.put("customSetting", false);
        m.put("deepCloneable", false);
        m.put("deletable", def.writable());
        m.put("deprecatedAndHidden", false);
        m.put("feedEnabled", false);
        m.put("hasSubtypes", false);
        m.put("isInterface", false);
        m.put("isSubtype", false);
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
            fields.add(field(def, f));
        }
        m.put("actionOverrides", List.of());
        m.put("childRelationships", childRelationships(schema, def));
        m.put("compactLayoutable", true);
        m.put("defaultImplementation", null);
        m.put("extendedBy", null);
        m.put("extendsInterfaces", null);
        m.put("fields", fields);
        m.put("implementedBy", null);
        m.put("implementsInterfaces", null);
        m.put("listviewable", null);
        m.put("lookupLayoutable", null);
        m.put("namedLayoutInfos", List.of());
        m.put("networkScopeFieldName", null);
        m.put("recordTypeInfos", List.of());
        m.put("searchLayoutable", true);
        m.put("sobjectDescribeOption", "FULL");
        m.put("supportedScopes", List.of(Map.of("label", "All " + def.labelPlural().toLowerCase(java.util.Locale.ROOT),
                "name", "everything")));
        return m;
    }

    /** One field with the keys a real org's describe has (API 62.0), in its alphabetical order. */
    private static Map<String, Object> field(ObjectDef def, FieldDef f) {
        boolean compound = f.type() == FieldType.ADDRESS;
        Map<String, Object> m = new LinkedHashMap<>();
        boolean longText = RestApi.longTextArea(f);
        m.put("aggregatable", !compound && !longText && f.type() != FieldType.BASE64);
        m.put("aiPredictionField", false);
        m.put("autoNumber", false);
        m.put("byteLength", f.type().isText() || f.type().isIdLike() ? f.length() * 3 : 0);
        m.put("calculated", f.calculated());
        m.put("calculatedFormula", null);
        m.put("cascadeDelete", false);
        m.put("caseSensitive", false);
        m.put("compoundFieldName", compoundFieldName(def, f));
        m.put("controllerName", null);
        m.put("createable", f.createable());
        m.put("custom", f.custom());
        m.put("defaultValue", f.defaultValue());
        m.put("defaultValueFormula", null);
        m.put("defaultedOnCreate", f.defaultedOnCreate());
        m.put("dependentPicklist", false);
        m.put("deprecatedAndHidden", false);
        m.put("digits", 0);
        m.put("displayLocationInDecimal", false);
        m.put("encrypted", false);
        m.put("externalId", f.externalId());
        m.put("extraTypeInfo", extraTypeInfo(def, f));
        m.put("filterable", !compound && !longText);
        m.put("filteredLookupInfo", null);
        m.put("formulaTreatNullNumberAsZero", false);
        m.put("groupable", !compound && !longText && f.type() != FieldType.DOUBLE);
        m.put("highScaleNumber", false);
        m.put("htmlFormatted", false);
        m.put("idLookup", f.idLookup());
        m.put("inlineHelpText", null);
        m.put("label", f.label());
        m.put("length", f.type().isText() || f.type().isIdLike() ? f.length() : 0);
        m.put("mask", null);
        m.put("maskType", null);
        m.put("name", f.name());
        m.put("nameField", f.nameField());
        m.put("namePointing", false);
        m.put("nillable", f.nillable());
        m.put("permissionable", f.nillable() && !f.calculated() && f.type() != FieldType.ID);
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
        m.put("polymorphicForeignKey", f.referenceTo().size() > 1);
        m.put("precision", f.type().isNumeric() ? f.precision() : 0);
        m.put("queryByDistance", false);
        m.put("referenceTargetField", null);
        m.put("referenceTo", f.referenceTo());
        m.put("relationshipName", f.relationshipName());
        m.put("relationshipOrder", null);
        m.put("restrictedDelete", false);
        m.put("restrictedPicklist", f.restrictedPicklist());
        m.put("scale", f.scale());
        m.put("searchPrefilterable", false);
        m.put("soapType", f.type().soapType());
        m.put("sortable", !compound && !longText);
        m.put("type", f.type().describeName());
        m.put("unique", f.unique());
        m.put("updateable", f.updateable());
        m.put("writeRequiresMasterRead", false);
        return m;
    }

    private static final List<String> ADDRESS_PARTS = List.of("Street", "City", "State", "PostalCode", "Country",
            "Latitude", "Longitude", "GeocodeAccuracy");
    private static final List<String> NAME_PARTS = List.of("Salutation", "FirstName", "MiddleName", "LastName", "Suffix");

    /**
     * The compound field a field belongs to: the parts of an address (MailingCity in MailingAddress, Lead's City
     * in Address) and of a person's name on objects whose Name is computed from them (Contact, Lead).
     */
    static String compoundFieldName(ObjectDef def, FieldDef f) {
        for (String part : ADDRESS_PARTS) {
            if (f.name().endsWith(part)) {
                String compound = f.name().substring(0, f.name().length() - part.length()) + "Address";
                FieldDef address = def.field(compound);
                if (address != null && address.type() == FieldType.ADDRESS) {
                    return address.name();
                }
            }
        }
        FieldDef name = def.field("Name");
        if (NAME_PARTS.contains(f.name()) && name != null && name.calculated() && !def.name().equals("User")) {
            return "Name";
        }
        return null;
    }

    /** Salesforce's extra type hints: long text areas are "plaintextarea", a computed person name "personname". */
    private static String extraTypeInfo(ObjectDef def, FieldDef f) {
        if (f.type() == FieldType.TEXTAREA) {
            return "plaintextarea";
        }
        if (f.name().equals("Name") && f.calculated() && def.hasField("LastName") && !def.name().equals("User")) {
            return "personname";
        }
        return null;
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
                    m.put("deprecatedAndHidden", false);
                    m.put("field", f.name());
                    m.put("junctionIdListNames", List.of());
                    m.put("junctionReferenceTo", List.of());
                    m.put("relationshipName", childRelationshipName(child));
                    m.put("restrictedDelete", false);
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
