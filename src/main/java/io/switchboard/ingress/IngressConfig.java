package io.switchboard.ingress;

import io.switchboard.ingress.vendor.JsonataFunctions;
import io.switchboard.ingress.vendor.JsonataLimits;
import io.switchboard.ingress.vendor.VendorMappings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The vendor mappings, read and checked at start-up: a mapping with problems, or a producer naming none, stops it. */
@Configuration
public class IngressConfig {

    @Bean
    VendorMappings vendorMappings(IngressProperties settings,
                                  @Value("${switchboard.matching.default-region:US}") String defaultRegion) {
        VendorMappings mappings = VendorMappings.load(Path.of(settings.vendors()), new JsonataFunctions(defaultRegion),
                new JsonataLimits(settings.jsonataTimeoutMs(), settings.jsonataMaxDepth()));
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, IngressProperties.Producer> p : settings.producers().entrySet()) {
            IngressProperties.Producer producer = p.getValue();
            if (!producer.cloudEvents() && mappings.find(producer.adapter()).isEmpty()) {
                problems.add("switchboard.ingress.producers." + p.getKey() + ".adapter: no mapping " + settings.vendors()
                        + "/" + producer.adapter() + ".yaml (there are: " + mappings.vendors() + ")");
            }
            if (producer.cloudEvents() && !List.of("token", "hmac-sha256").contains(producer.auth())) {
                problems.add("switchboard.ingress.producers." + p.getKey() + ".auth: token or hmac-sha256, not '" + producer.auth() + "'");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Ingress settings: " + String.join("; ", problems));
        }
        return mappings;
    }
}
