package io.switchboard.changefeed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/** Change events as the Pub/Sub API encodes them: the header's bitmaps, compound names, datetimes. */
class ChangeEventReaderTest {

    private static final Schema NAME = SchemaBuilder.record("Switchable_PersonName").fields()
            .optionalString("Salutation").optionalString("FirstName").optionalString("LastName").endRecord();
    private static final Schema HEADER = SchemaBuilder.record("ChangeEventHeader").fields()
            .requiredString("entityName").name("recordIds").type().array().items().stringType().noDefault()
            .requiredString("changeType").requiredLong("commitTimestamp")
            .name("changedFields").type().array().items().stringType().noDefault()
            .name("nulledFields").type().array().items().stringType().noDefault().endRecord();
    // positions: 0 header, 1 Name (compound), 2 Email, 3 Phone, 4 AccountId, 5 LastModifiedDate
    private static final Schema CONTACT = SchemaBuilder.record("ContactChangeEvent").fields()
            .name("ChangeEventHeader").type(HEADER).noDefault()
            .name("Name").type().optional().type(NAME)
            .optionalString("Email").optionalString("Phone").optionalString("AccountId")
            .optionalLong("LastModifiedDate").endRecord();

    private final ChangeEventReader reader = new ChangeEventReader();

    @Test
    void anUpdateNamesWhatChangedAndWhatWasNulledByTheSchemasPositions() {
        GenericRecord header = header("UPDATE", List.of("0x24", "1-0x04"), List.of("0x08"));
        GenericRecord name = new GenericData.Record(NAME);
        name.put("LastName", "Whitfield-Ng");
        GenericRecord event = new GenericData.Record(CONTACT);
        event.put("ChangeEventHeader", header);
        event.put("Name", name);
        event.put("Email", "dana@example.com");
        event.put("LastModifiedDate", 1_764_640_000_000L);

        ChangeEvent e = reader.read(event);

        assertThat(e.changeType()).isEqualTo("UPDATE");
        assertThat(e.recordIds()).containsExactly("003000000000001AAA");
        // 0x24: bits 2 (Email) and 5 (LastModifiedDate); 1-0x04: bit 2 of Name (LastName)
        assertThat(e.changed()).containsExactlyInAnyOrder("Email", "LastModifiedDate", "LastName");
        assertThat(e.nulled()).containsExactly("Phone");
        assertThat(e.values()).containsEntry("LastName", "Whitfield-Ng").containsEntry("Email", "dana@example.com")
                .doesNotContainKey("Phone").doesNotContainKey("FirstName");
        assertThat(e.values().get("LastModifiedDate")).isEqualTo("2025-12-02T01:46:40.000+0000");
        assertThat(e.committedAt()).isNotNull();
    }

    @Test
    void gapEventsAreToldApart() {
        GenericRecord event = new GenericData.Record(CONTACT);
        event.put("ChangeEventHeader", header("GAP_UPDATE", List.of(), List.of()));
        assertThat(reader.read(event).gap()).isTrue();
        assertThat(reader.read(event).overflow()).isFalse();
        event.put("ChangeEventHeader", header("GAP_OVERFLOW", List.of(), List.of()));
        assertThat(reader.read(event).overflow()).isTrue();
    }

    @Test
    void somethingElseThanAnAvroChangeEventIsRefusedSayingWhy() {
        assertThatThrownBy(() -> reader.read("{\"json\":true}")).hasMessageContaining("GENERIC_RECORD");
    }

    private static GenericRecord header(String type, List<String> changed, List<String> nulled) {
        GenericRecord header = new GenericData.Record(HEADER);
        header.put("entityName", "Contact");
        header.put("recordIds", List.of("003000000000001AAA"));
        header.put("changeType", type);
        header.put("commitTimestamp", 1_764_640_000_500L);
        header.put("changedFields", changed);
        header.put("nulledFields", nulled);
        return header;
    }
}
