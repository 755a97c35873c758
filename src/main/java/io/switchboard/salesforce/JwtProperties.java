package io.switchboard.salesforce;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The keystore for Salesforce's JWT bearer flow (auth-type JWT); path and password from the environment only.
 *
 * @param keystore         file path (or {@code file:} / {@code classpath:} resource) of a keystore with one key;
 *                         blank: none is configured
 * @param keystorePassword its password
 * @param keystoreType     its type
 */
@ConfigurationProperties("switchboard.salesforce.jwt")
public record JwtProperties(@DefaultValue("") String keystore, @DefaultValue("") String keystorePassword,
                            @DefaultValue("PKCS12") String keystoreType) {
}
