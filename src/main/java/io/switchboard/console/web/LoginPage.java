package io.switchboard.console.web;

import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The operator's login page (Spring Security handles the POST), with a link to each OpenID Connect provider
 * configured; scripts use HTTP Basic instead.
 */
@Controller
public class LoginPage {

    /** A provider's sign-in link: its registration id (in the link) and its name as configured. */
    public record Provider(String id, String name) {
    }

    private final List<Provider> providers;

    public LoginPage(ObjectProvider<ClientRegistrationRepository> registrations) {
        List<Provider> found = new ArrayList<>();
        if (registrations.getIfAvailable() instanceof Iterable<?> all) {
            for (Object r : all) {
                if (r instanceof ClientRegistration registration) {
                    found.add(new Provider(registration.getRegistrationId(), registration.getClientName()));
                }
            }
        }
        this.providers = List.copyOf(found);
    }

    @GetMapping("/login")
    public String login(Model model) {
        model.addAttribute("providers", providers);
        return "console/login";
    }
}
