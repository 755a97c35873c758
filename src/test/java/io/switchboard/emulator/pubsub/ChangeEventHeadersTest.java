package io.switchboard.emulator.pubsub;

import io.switchboard.emulator.FieldShape;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The bitmap strings and the schema derivation, against the documented examples. */
class ChangeEventHeadersTest {

    @Test
    void bitmapsAreEvenLengthUpperCaseHexWithCompoundElementsAfterTheFirst() {
        // documented example values: '0x650004E0', '4-0x10', '7-0x06'
        assertThat(ChangeEventHeaders.hex(new TreeSet<>(List.of(5, 6, 7, 10, 24, 26, 29, 30))))
                .isEqualTo("0x650004E0");
        assertThat(ChangeEventHeaders.hex(new TreeSet<>(List.of(1, 2)))).isEqualTo("0x06");
        assertThat(ChangeEventHeaders.bitmap(new TreeSet<>(List.of(5)), Map.of(7, new TreeSet<>(List.of(1, 2)),
                4, new TreeSet<>(List.of(4))))).containsExactly("0x20", "4-0x10", "7-0x06");
        assertThat(ChangeEventHeaders.bitmap(new TreeSet<>(), Map.of())).isEmpty();
    }

    static final List<FieldShape> CONTACT = List.of(
            new FieldShape("Id", "id", false),
            new FieldShape("AccountId", "reference", false),
            new FieldShape("LastName", "string", false),
            new FieldShape("FirstName", "string", false),
            new FieldShape("Name", "string", true),
            new FieldShape("Email", "email", false),
            new FieldShape("Birthdate", "date", false),
            new FieldShape("MailingCity", "string", false),
            new FieldShape("MailingAddress", "address", false),
            new FieldShape("IsDeleted", "boolean", false),
            new FieldShape("LastModifiedDate", "datetime", false),
            new FieldShape("SystemModstamp", "datetime", false));

    @Test
    void aContactsSchemaHasTheHeaderThenItsFieldsWithNameAndAddressCompound() {
        EntitySchema schema = EntitySchema.of("Contact", CONTACT);
        assertThat(schema.avro().getFullName()).isEqualTo("com.sforce.eventbus.ContactChangeEvent");
        assertThat(schema.avro().getFields()).extracting(org.apache.avro.Schema.Field::name).containsExactly(
                "ChangeEventHeader", "AccountId", "Name", "Email", "Birthdate", "MailingAddress", "LastModifiedDate");
        assertThat(schema.schemaId()).hasSize(22).isEqualTo(EntitySchema.of("Contact", CONTACT).schemaId());
        assertThat(EntitySchema.recordName("Call_Log__c")).isEqualTo("Call_Log__ChangeEvent");
    }

    @Test
    void anUpdateMarksChangedAndNulledFieldsIncludingCompoundParts() {
        EntitySchema schema = EntitySchema.of("Contact", CONTACT);
        Map<String, Object> before = new java.util.HashMap<>(Map.of("LastName", "Old", "Email", "a@example.com",
                "LastModifiedDate", Instant.parse("2026-01-01T00:00:00Z")));
        Map<String, Object> after = new java.util.HashMap<>(before);
        after.put("LastName", "New");
        after.remove("Email");
        after.put("Birthdate", LocalDate.of(1970, 1, 3));
        after.put("LastModifiedDate", Instant.parse("2026-01-01T00:00:01Z"));

        ChangeEventBody body = ChangeEventBody.update(schema, before, after);

        // positions: 0 header, 1 AccountId, 2 Name, 3 Email, 4 Birthdate, 5 MailingAddress, 6 LastModifiedDate
        assertThat(body.changedFields()).containsExactly("0x58", "2-0x04");
        assertThat(body.nulledFields()).containsExactly("0x08");
        assertThat(body.values()[3]).isEqualTo(2); // Birthdate: days since the epoch
        assertThat(body.values()[5]).isEqualTo(Instant.parse("2026-01-01T00:00:01Z").toEpochMilli());
        assertThat(body.values()[0]).isNull();
    }
}
