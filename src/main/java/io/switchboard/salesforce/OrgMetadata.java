package io.switchboard.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The org's describe metadata of the objects the rules use, fetched once per object and kept: rules are checked
 * against it, and text is truncated to its field lengths. {@link #forget()} drops it (on a rules reload).
 */
@Component
public class OrgMetadata {

    private final SalesforceGateway salesforce;
    private final Map<String, Optional<ObjectDescription>> cache = new ConcurrentHashMap<>();

    public OrgMetadata(SalesforceGateway salesforce) {
        this.salesforce = salesforce;
    }

    /** The object's description, or empty when the org has no such object. */
    public Optional<ObjectDescription> describe(String sObject) {
        return cache.computeIfAbsent(sObject, name -> salesforce.describe(name).map(OrgMetadata::read));
    }

    public Optional<FieldDescription> field(String sObject, String field) {
        return describe(sObject).flatMap(o -> Optional.ofNullable(o.fields().get(field)));
    }

    /** The field's length, or 255 (Salesforce's default text length) when unknown. */
    public int length(String sObject, String field) {
        return field(sObject, field).map(FieldDescription::length).filter(l -> l > 0).orElse(255);
    }

    public void forget() {
        cache.clear();
    }

    private static ObjectDescription read(JsonNode describe) {
        Map<String, FieldDescription> fields = new LinkedHashMap<>();
        for (JsonNode f : describe.path("fields")) {
            List<String> picklist = new java.util.ArrayList<>();
            f.path("picklistValues").forEach(v -> {
                if (v.path("active").asBoolean(true)) {
                    picklist.add(v.path("value").asText());
                }
            });
            fields.put(f.path("name").asText(), new FieldDescription(f.path("name").asText(), f.path("type").asText(),
                    f.path("length").asInt(0), f.path("createable").asBoolean(false),
                    f.path("updateable").asBoolean(false), f.path("restrictedPicklist").asBoolean(false),
                    List.copyOf(picklist), f.path("unique").asBoolean(false), referenceTo(f)));
        }
        return new ObjectDescription(describe.path("name").asText(), Map.copyOf(fields));
    }

    private static List<String> referenceTo(JsonNode field) {
        List<String> objects = new java.util.ArrayList<>();
        field.path("referenceTo").forEach(o -> objects.add(o.asText()));
        return List.copyOf(objects);
    }

    public record ObjectDescription(String name, Map<String, FieldDescription> fields) {
    }

    public record FieldDescription(String name, String type, int length, boolean createable, boolean updateable,
                                   boolean restrictedPicklist, List<String> picklistValues, boolean unique,
                                   List<String> referenceTo) {

        public FieldDescription {
            referenceTo = referenceTo == null ? List.of() : List.copyOf(referenceTo);
        }

        public FieldDescription(String name, String type, int length, boolean createable, boolean updateable,
                                boolean restrictedPicklist, List<String> picklistValues, boolean unique) {
            this(name, type, length, createable, updateable, restrictedPicklist, picklistValues, unique, List.of());
        }
    }
}
