package io.switchboard.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a real org may vary in its answers, read the same way every time. */
class AnswersTest {

    private final ObjectMapper json = new ObjectMapper();

    private JsonNode read(String text) throws Exception {
        return json.readTree(text);
    }

    @Test
    void subrequestAnswersAreFoundByReferenceIdWhateverTheirOrder() throws Exception {
        JsonNode answers = read("""
                [{"body":{"records":[{"Id":"b"}]},"httpStatusCode":200,"referenceId":"read1","extra":true},
                 {"referenceId":"read0","httpHeaders":{},"body":{"done":true,"records":[{"Id":"a"}],"totalSize":1},"httpStatusCode":200}]""");
        assertThat(Answers.forReference(answers, "read0", 0).path("body").path("records").get(0).path("Id").asText())
                .isEqualTo("a");
        assertThat(Answers.forReference(answers, "read1", 1).path("body").path("records").get(0).path("Id").asText())
                .isEqualTo("b");
    }

    @Test
    void withoutReferenceIdsTheOrderIsTheRequestsOrder() throws Exception {
        JsonNode answers = read("[{\"body\":{\"records\":[]}},{\"body\":{\"records\":[{\"Id\":\"second\"}]}}]");
        assertThat(Answers.forReference(answers, "read1", 1).path("body").path("records").get(0).path("Id").asText())
                .isEqualTo("second");
    }

    @Test
    void aShortPageWithDoneFalseNamesItsNextPageWhateverItsLength() throws Exception {
        JsonNode page = read("""
                {"totalSize":5000,"done":false,"nextRecordsUrl":"/services/data/v62.0/query/01gD0000002HU6KIAW-200",
                 "records":[{"attributes":{"type":"Lead"},"Id":"1"}]}""");
        assertThat(Answers.nextPage(page)).contains("/services/data/v62.0/query/01gD0000002HU6KIAW-200");
        List<JsonNode> records = new ArrayList<>();
        Answers.records(page, Read.Kind.QUERY, records);
        assertThat(records).hasSize(1);
    }

    @Test
    void anAbsentDoneIsDoneAndAnAbsentRecordsListIsEmpty() throws Exception {
        JsonNode page = read("{\"totalSize\":0}");
        assertThat(Answers.nextPage(page)).isEmpty();
        List<JsonNode> records = new ArrayList<>();
        Answers.records(page, Read.Kind.QUERY_ALL, records);
        assertThat(records).isEmpty();
        assertThat(Answers.nextPage(read("{\"nextRecordsUrl\":\"/next\",\"records\":[]}"))).contains("/next");
    }

    @Test
    void doneFalseWithoutANextPageIsAnAnswerThatCannotBeCompletedNotAShortOne() {
        assertThatThrownBy(() -> Answers.nextPage(read("{\"done\":false,\"records\":[]}")))
                .isInstanceOf(SalesforceRejection.class).hasMessageContaining("INCOMPLETE_ANSWER");
    }

    @Test
    void aSearchIsReadAsAnArrayOrAsSearchRecords() throws Exception {
        List<JsonNode> fromArray = new ArrayList<>();
        Answers.records(read("[{\"Id\":\"x\"}]"), Read.Kind.SEARCH, fromArray);
        List<JsonNode> fromObject = new ArrayList<>();
        Answers.records(read("{\"searchRecords\":[{\"Id\":\"x\"},{\"Id\":\"y\"}],\"metadata\":{}}"), Read.Kind.SEARCH, fromObject);
        assertThat(fromArray).hasSize(1);
        assertThat(fromObject).hasSize(2);
    }

    @Test
    void theOrgsApiUsageIsReadFromTheLimitHeaderWhateverElseItHolds() {
        ApiUsage usage = new ApiUsage();
        usage.recordSuccess("api-usage=1234/15000; per-app-api-usage=12/5000(appName=switchboard)");
        assertThat(usage.getOrgUsed()).isEqualTo(1234);
        assertThat(usage.getOrgMax()).isEqualTo(15000);
        usage.recordSuccess("per-app-api-usage=13/5000(appName=switchboard), api-usage=1235/15000");
        assertThat(usage.getOrgUsed()).isEqualTo(1235);
    }
}
