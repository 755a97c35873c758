package io.switchboard.emulator;

/** Salesforce field types the emulator knows, with the describe names and SOAP types Salesforce reports. */
enum FieldType {
    ID("id", "tns:ID"),
    STRING("string", "xsd:string"),
    TEXTAREA("textarea", "xsd:string"),
    EMAIL("email", "xsd:string"),
    PHONE("phone", "xsd:string"),
    URL("url", "xsd:string"),
    PICKLIST("picklist", "xsd:string"),
    /** A text field with suggested values (Task.Subject): any text is accepted. */
    COMBOBOX("combobox", "xsd:string"),
    MULTIPICKLIST("multipicklist", "xsd:string"),
    BOOLEAN("boolean", "xsd:boolean"),
    INT("int", "xsd:int"),
    DOUBLE("double", "xsd:double"),
    CURRENCY("currency", "xsd:double"),
    PERCENT("percent", "xsd:double"),
    DATE("date", "xsd:date"),
    DATETIME("datetime", "xsd:dateTime"),
    REFERENCE("reference", "tns:ID"),
    BASE64("base64", "xsd:base64Binary"),
    /** A compound address (Lead.Address, Contact.MailingAddress): read-only, derived from its component fields. */
    ADDRESS("address", "urn:address");

    private final String describeName;
    private final String soapType;

    FieldType(String describeName, String soapType) {
        this.describeName = describeName;
        this.soapType = soapType;
    }

    String describeName() {
        return describeName;
    }

    String soapType() {
        return soapType;
    }

    boolean isText() {
        return switch (this) {
            case STRING, TEXTAREA, EMAIL, PHONE, URL, PICKLIST, COMBOBOX, MULTIPICKLIST -> true;
            default -> false;
        };
    }

    boolean isIdLike() {
        return this == ID || this == REFERENCE;
    }

    boolean isNumeric() {
        return this == INT || this == DOUBLE || this == CURRENCY || this == PERCENT;
    }

    static FieldType fromYaml(String name) {
        for (FieldType t : values()) {
            if (t.describeName.equalsIgnoreCase(name) || t.name().equalsIgnoreCase(name)) {
                return t;
            }
        }
        if ("text".equalsIgnoreCase(name)) {
            return STRING;
        }
        throw new IllegalArgumentException("unknown field type: " + name);
    }
}
