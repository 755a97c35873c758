package io.switchboard.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.SwitchboardApplication;
import io.switchboard.testing.EndToEndTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A crash after the writes but before the offset commit: a second run reads every record again (here: a new
 * consumer group on the same topic, which commits nothing before it starts) and Salesforce ends up exactly as after
 * the first run.
 */
class CrashReplayIT extends EndToEndTest {

    private ConfigurableApplicationContext instance(String topic, String group) {
        List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--spring.jmx.enabled=false",
                "--camel.main.jmx-enabled=false", "--camel.main.name=replay-" + group));
        Map<String, String> properties = new HashMap<>(bed.properties());
        properties.put("switchboard.topics.input", topic);
        properties.put("switchboard.kafka.group-id", group);
        properties.forEach((key, value) -> arguments.add("--" + key + "=" + value));
        return new SpringApplicationBuilder(SwitchboardApplication.class).run(arguments.toArray(String[]::new));
    }

    @Test
    void readingEverythingAgainChangesNothingInSalesforce() throws Exception {
        String topic = unique("replay.calls");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bed.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
        }
        String newCaller = unique("replay") + "@example.com";
        String chatter = unique("chat") + "@example.com";
        String conversation = unique("conv");
        List<String> ids = new ArrayList<>();
        for (int n = 0; n < 3; n++) {
            String id = unique("evt");
            ids.add(id);
            bed.publish(topic, newCaller, toJson(event(id, "call.inbound",
                    Map.of("person", Map.of("email", newCaller, "lastName", "Replay")))));
        }
        for (int n = 0; n < 3; n++) {
            String id = unique("evt");
            ids.add(id);
            Map<String, Object> update = new HashMap<>(event(id, "conversation.updated", Map.of(
                    "person", Map.of("email", chatter, "lastName", "Chat"),
                    "content", Map.of("transcript", "line\n".repeat(7_000 * (n + 1))))));
            update.put("subject", conversation);
            update.put("time", "2026-11-20T15:0" + n + ":00Z");
            bed.publish(topic, chatter, toJson(update));
        }

        try (ConfigurableApplicationContext first = instance(topic, unique("first"))) {
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> ids.stream().allMatch(id -> !outcomesOf(id).isEmpty()));
        }
        Map<String, Object> before = snapshot(newCaller, chatter);
        try (ConfigurableApplicationContext replay = instance(topic, unique("second"))) {
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> ids.stream().allMatch(id -> outcomesOf(id).size() >= 2));
        }
        assertThat(snapshot(newCaller, chatter)).isEqualTo(before);
        assertThat(before).containsEntry("leads", 2).containsEntry("tasks", 4).containsEntry("notes", 1);
    }

    private Map<String, Object> snapshot(String newCaller, String chatter) {
        List<Map<String, Object>> leads = query("SELECT Id FROM Lead WHERE Email IN ('" + newCaller + "', '" + chatter + "')");
        int tasks = 0;
        for (Map<String, Object> lead : leads) {
            tasks += query("SELECT Id FROM Task WHERE WhoId = '" + lead.get("Id") + "'").size();
        }
        int notes = 0;
        for (Map<String, Object> lead : leads) {
            notes += query("SELECT Id FROM ContentDocumentLink WHERE LinkedEntityId = '" + lead.get("Id") + "'").size();
        }
        return Map.of("leads", leads.size(), "tasks", tasks, "notes", notes);
    }
}
