package io.switchboard.salesforce;

import org.apache.camel.component.salesforce.SalesforceComponent;
import org.apache.camel.spi.ComponentCustomizer;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The keystore for Salesforce's JWT bearer flow, from a file path and a password given in the environment
 * (never in the repository). Nothing is set when no keystore is configured.
 */
@Configuration
public class JwtKeystoreConfig {

    @Bean
    ComponentCustomizer salesforceJwtKeystore(JwtProperties jwt) {
        return ComponentCustomizer.forType(SalesforceComponent.class, component -> {
            String path = jwt.keystore();
            if (path.isBlank()) {
                return;
            }
            KeyStoreParameters keystore = new KeyStoreParameters();
            keystore.setResource(path.startsWith("file:") || path.startsWith("classpath:") ? path : "file:" + path);
            keystore.setPassword(jwt.keystorePassword());
            keystore.setType(jwt.keystoreType());
            component.setKeystore(keystore);
        });
    }
}
