package io.switchboard.operations;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.regex.Pattern;
import javax.management.ObjectName;
import org.jolokia.server.core.restrictor.policy.PolicyRestrictor;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Jolokia's access policy ({@code jolokia-access.xml}: POST only, an Origin required, reads of every MBean but the
 * diagnostic ones, operations and writes only on Camel's and the service's MBeans), and on top of it the caller's
 * role: an admin may run any operation the policy allows and write attributes; anyone else only the operations
 * that read (Hawtio's route diagrams and statistics are {@code dump...} operations). Jolokia creates it by its
 * class name ({@code management.endpoint.jolokia.config.restrictorClass}) and calls it on the request's thread,
 * where Spring Security has put the caller.
 */
public class JolokiaRoles extends PolicyRestrictor {

    /** Operations that only read, by their name: Camel's dump, get, is, has, list, count, explain and browse. */
    private static final Pattern READS = Pattern.compile("(dump|get|is|has|list|count|explain|browse)([A-Z(].*)?");

    public JolokiaRoles() {
        super(policy());
    }

    private static InputStream policy() {
        InputStream in = JolokiaRoles.class.getResourceAsStream("/jolokia-access.xml");
        if (in == null) {
            throw new UncheckedIOException(new IOException("jolokia-access.xml is missing from the classpath"));
        }
        return in;
    }

    @Override
    public boolean isOperationAllowed(ObjectName name, String operation) {
        return super.isOperationAllowed(name, operation) && (READS.matcher(operation).matches() || callerIsAdmin());
    }

    @Override
    public boolean isAttributeWriteAllowed(ObjectName name, String attribute) {
        return super.isAttributeWriteAllowed(name, attribute) && callerIsAdmin();
    }

    private static boolean callerIsAdmin() {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        return caller != null && caller.getAuthorities().stream()
                .anyMatch(a -> Role.ADMIN.authority().equals(a.getAuthority()));
    }
}
